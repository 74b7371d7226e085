import { describe, expect, it } from 'vitest';
import { ProgressTracker, progressLine } from '../../src/bench/progress.js';
import { sample } from './sample-fixture.js';

describe('ProgressTracker', () => {
  it('counts warm-up apart, keeps running medians of measured successes and prints one line', () => {
    let nowMs = 0;
    const tracker = new ProgressTracker([{ id: 'a:m', kind: 'model', provider: 'a', model: 'm' }], 10, null, () => nowMs);
    tracker.record(sample({ warmup: true, endMs: 999 }));
    expect(tracker.snapshot()).toMatchObject({ phase: 'warmup', targets: [{ ok: 0, warmupDone: 1, p50E2eMs: null }] });
    tracker.startMeasuring();
    tracker.record(sample({ sendMs: 0, firstMs: 40, endMs: 100 }));
    tracker.record(sample({ sendMs: 0, firstMs: 60, endMs: 300 }));
    tracker.record(sample({ status: 'error', endMs: 5000 }));
    nowMs = 2500;
    const progress = tracker.snapshot();
    expect(progress).toMatchObject({ phase: 'measure', elapsedMs: 2500, targets: [{ ok: 2, failed: 1, p50E2eMs: 200, p50TtftMs: 50, total: 10 }] });
    expect(progressLine(progress)).toBe('bench [2.5 s] a:m 3/10 p50 200 ms 1 failed');
    tracker.finish();
    expect(progressLine(tracker.snapshot())).toMatch(/^bench \[done\]/);
  });
});
