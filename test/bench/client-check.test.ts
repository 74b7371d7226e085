import { describe, expect, it } from 'vitest';
import { clientVerdict } from '../../src/bench/client-check.js';
import { summarize } from '../../src/bench/stats.js';

const quiet = { p99Ms: 1, maxMs: 2 };

describe('clientVerdict', () => {
  it('is ok for a quiet closed-loop client', () => {
    const report = clientVerdict({ eventLoop: quiet, dispatchDelay: null, targetRatePerS: null, intendedRatePerS: null, achievedRatePerS: null });
    expect(report).toMatchObject({ verdict: 'ok', reasons: [], event_loop_delay_ms_p99: 1, dispatch_delay_ms: null });
  });

  it('warns when the event loop or the dispatcher lags', () => {
    expect(clientVerdict({ eventLoop: { p99Ms: 25, maxMs: 40 }, dispatchDelay: null, targetRatePerS: null, intendedRatePerS: null, achievedRatePerS: null }).verdict).toBe('warn');
    const late = clientVerdict({ eventLoop: quiet, dispatchDelay: summarize([1, 2, 30, 40]), targetRatePerS: 10, intendedRatePerS: 10, achievedRatePerS: 9.9 });
    expect(late.verdict).toBe('warn');
    expect(late.reasons[0]).toContain('dispatch delay p99');
  });

  it('is invalid when the open loop achieved under 95% of its scheduled rate', () => {
    const short = clientVerdict({ eventLoop: quiet, dispatchDelay: summarize([0, 1]), targetRatePerS: 100, intendedRatePerS: 100, achievedRatePerS: 94.9 });
    expect(short.verdict).toBe('invalid');
    expect(short.reasons.join('\n')).toContain('achieved 94.9 req/s');
    expect(clientVerdict({ eventLoop: quiet, dispatchDelay: summarize([0, 1]), targetRatePerS: 100, intendedRatePerS: 100, achievedRatePerS: 95.1 }).verdict).toBe('ok');
  });
});
