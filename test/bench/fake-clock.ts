import type { BenchClock } from '../../src/bench/clock.js';

export type FakeClock = BenchClock & {
  /** Moves time forward, as a fake adapter or executor "takes" its latency. */
  advance(ms: number): void;
  /** Every sleep asked for, in ms, in order. */
  sleeps: number[];
};

/**
 * A bench clock that only moves when told: `advance`, or a sleep, which jumps forward at once and
 * oversleeps by `lagMs` (default 0) as a busy event loop would. Starts at `startMs` (default 1000).
 */
export function fakeClock({ startMs = 1000, lagMs = 0 }: { startMs?: number; lagMs?: number } = {}): FakeClock {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += Math.max(0, ms) + lagMs;
    },
  };
}
