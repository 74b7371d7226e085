import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/bench/closed-loop.js';
import { poissonOffsetsMs, runOpenLoop } from '../../src/bench/open-loop.js';
import { seededRandom } from '../../src/shared/prng.js';
import { fakeClock } from '../helpers/fake-clock.js';

function take(iterable: Iterable<number>, count: number): number[] {
  const values: number[] = [];
  for (const value of iterable) {
    values.push(value);
    if (values.length === count) break;
  }
  return values;
}

describe('Poisson arrivals from a seeded PRNG', () => {
  it('has a mean inter-arrival time of about 1/R over many samples', () => {
    const ratePerS = 20;
    const offsets = take(poissonOffsetsMs(seededRandom(42), ratePerS), 20000);
    const meanGapMs = offsets[offsets.length - 1] / offsets.length;
    expect(meanGapMs).toBeGreaterThan(50 * 0.97);
    expect(meanGapMs).toBeLessThan(50 * 1.03);
    // Exponential gaps: the standard deviation equals the mean.
    const gaps = offsets.map((offset, index) => offset - (index === 0 ? 0 : offsets[index - 1]));
    const variance = gaps.reduce((sum, gap) => sum + (gap - meanGapMs) ** 2, 0) / gaps.length;
    expect(Math.sqrt(variance) / meanGapMs).toBeGreaterThan(0.95);
    expect(Math.sqrt(variance) / meanGapMs).toBeLessThan(1.05);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const first = take(poissonOffsetsMs(seededRandom(7), 5), 50);
    expect(take(poissonOffsetsMs(seededRandom(7), 5), 50)).toEqual(first);
    expect(take(poissonOffsetsMs(seededRandom(8), 5), 50)).not.toEqual(first);
  });
});

describe('runOpenLoop', () => {
  it('dispatches at the intended times and the dispatch delay comes from the clock', async () => {
    const clock = fakeClock({ startMs: 1000, lagMs: 3 });
    const dispatched: Array<{ index: number; schedMs: number; sendMs: number }> = [];
    const count = await runOpenLoop({
      clock,
      startMs: 1000,
      offsetsMs: [10, 25, 25, 100],
      dispatch: (index, schedMs) => dispatched.push({ index, schedMs, sendMs: clock.now() }),
    });
    expect(count).toBe(4);
    expect(dispatched.map((item) => item.schedMs)).toEqual([1010, 1025, 1025, 1100]);
    // Each sleep overshoots by 3 ms; the third arrival is already due, so it goes at once.
    expect(dispatched.map((item) => item.sendMs - item.schedMs)).toEqual([3, 3, 3, 3]);
    expect(clock.sleeps).toEqual([10, 12, 72]);
  });

  it('stops at the request count, the duration, a refusal or an abort', async () => {
    const offsets = [10, 20, 30, 40, 50];
    const run = (extra: Partial<Parameters<typeof runOpenLoop>[0]>) =>
      runOpenLoop({ clock: fakeClock({ startMs: 1000 }), startMs: 1000, offsetsMs: offsets, dispatch: () => {}, ...extra });
    expect(await run({ maxRequests: 2 })).toBe(2);
    expect(await run({ durationMs: 30 })).toBe(2);
    let allowed = 3;
    expect(await run({ shouldContinue: () => allowed-- > 0 })).toBe(3);
    const controller = new AbortController();
    controller.abort();
    expect(await run({ signal: controller.signal })).toBe(0);
  });
});

describe('runClosedLoop', () => {
  it('keeps at most C requests in flight and starts the next as one ends', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const count = await runClosedLoop({
      clock: fakeClock({ startMs: 1000 }),
      concurrency: 3,
      maxRequests: 10,
      run: async (index) => {
        started.push(index);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Promise.resolve();
        inFlight--;
      },
    });
    expect(count).toBe(10);
    expect(peak).toBe(3);
    expect(started.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('starts nothing after the deadline', async () => {
    const clock = fakeClock({ startMs: 1000 });
    const count = await runClosedLoop({
      clock,
      concurrency: 1,
      deadlineMs: clock.now() + 50,
      run: () => clock.sleep(20),
    });
    // Starts at +0, +20, +40; at +60 the deadline has passed.
    expect(count).toBe(3);
  });
});
