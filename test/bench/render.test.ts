import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/bench/compare.js';
import { renderCsv } from '../../src/bench/render-csv.js';
import { renderReportTable } from '../../src/bench/render-table.js';
import { targetReport } from '../../src/bench/report.js';
import type { BenchReport } from '../../src/bench/types.js';
import { sample } from './sample-fixture.js';

function report(runId: string, e2eMs: number, costUsd: number | null): BenchReport {
  const samples = Array.from({ length: 6 }, (_, index) => sample({ index, endMs: e2eMs, costUsd }));
  return {
    schema: 'bench/1',
    run_id: runId,
    started_at: '2026-01-01T00:00:00.000Z',
    mode: 'closed',
    stream: true,
    concurrency: 4,
    rate_per_s: null,
    requests_per_target: 6,
    duration_s: null,
    warmup_per_target: 0,
    seed: 1,
    incomplete: false,
    stopped_by: null,
    elapsed_s: 1,
    targets: [targetReport({ id: 'a:m', kind: 'model', provider: 'a', model: 'm' }, samples, 0)],
    client: { verdict: 'ok', reasons: [], event_loop_delay_ms_p99: 0.5, event_loop_delay_ms_max: 1, dispatch_delay_ms: null, target_rate_per_s: null, achieved_rate_per_s: null, cpu_ms_per_request: 0.1 },
  };
}

describe('renderReportTable', () => {
  it('puts targets in columns, marks small-sample percentiles and says unknown for an unknown price', () => {
    const text = renderReportTable(report('r1', 150, null));
    expect(text).toContain('a:m');
    // n = 6: p50 is reliable, p90 and beyond are not.
    expect(text).toMatch(/e2e ms p50\/p90\/p95\/p99\s+150\.0 \/ 150\.0\* \/ 150\.0\* \/ 150\.0\* \(n=6\)/);
    expect(text).toMatch(/cost total\s+unknown/);
    expect(text).not.toContain('from intended send');
    expect(text).toContain('client: ok');
  });

  it('appends the comparison with an earlier run', () => {
    const after = report('r2', 120, 0.001);
    after.compare = compareRuns(report('r1', 150, 0.001), after);
    const e2e = after.compare.targets[0].deltas.find((delta) => delta.metric === 'e2e_p50_ms')!;
    expect(e2e).toMatchObject({ before: 150, after: 120, delta: -30, delta_pct: -20 });
    expect(renderReportTable(after)).toMatch(/e2e_p50_ms\s+120\.0 \(-30\.0, -20\.0%\)/);
  });
});

describe('renderCsv', () => {
  it('writes a header and one row per target, with empty cells for null', () => {
    const [header, row, extra] = renderCsv(report('r1', 150, null)).trimEnd().split('\n');
    expect(extra).toBeUndefined();
    const columns = header.split(',');
    const values = Object.fromEntries(row.split(',').map((value, index) => [columns[index], value]));
    expect(values).toMatchObject({ run_id: 'r1', target: 'a:m', ok: '6', e2e_ms_p50: '150', cost_total_usd: '', client_verdict: 'ok' });
  });
});
