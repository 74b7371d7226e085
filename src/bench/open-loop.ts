import type { BenchClock } from './clock.js';
import type { Random } from '../shared/prng.js';

/** An exponential inter-arrival time (ms) for a Poisson process of `ratePerS` events per second. */
function exponentialGapMs(random: Random, ratePerS: number): number {
  // 1 − u lies in (0, 1], so the log is finite.
  return (-Math.log(1 - random()) / ratePerS) * 1000;
}

/** Intended send offsets (ms from the start) of a Poisson process at `ratePerS`: endless, deterministic per PRNG. */
export function* poissonOffsetsMs(random: Random, ratePerS: number): Generator<number> {
  let offsetMs = 0;
  for (;;) {
    offsetMs += exponentialGapMs(random, ratePerS);
    yield offsetMs;
  }
}

export interface OpenLoopOptions {
  clock: BenchClock;
  /** Start of the schedule, in the clock's ms. */
  startMs: number;
  offsetsMs: Iterable<number>;
  /** Stop after this many dispatches. Default: unlimited. */
  maxRequests?: number;
  /** Dispatch nothing scheduled at or after this offset (ms). Default: no limit. */
  durationMs?: number;
  signal?: AbortSignal;
  /** Checked before each dispatch (budget, Ctrl-C). */
  shouldContinue?: () => boolean;
  /** Starts one request; must not wait for it. `schedMs` is the intended send time in clock ms. */
  dispatch(index: number, schedMs: number): void;
}

/**
 * Sends on schedule whatever happens to earlier requests (open loop), so a slow server cannot slow
 * the arrivals and hide its own latency. Returns how many were dispatched.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<number> {
  const { clock, startMs, signal } = options;
  const maxRequests = options.maxRequests ?? Infinity;
  let dispatched = 0;
  for (const offsetMs of options.offsetsMs) {
    if (dispatched >= maxRequests) break;
    if (options.durationMs !== undefined && offsetMs >= options.durationMs) break;
    const schedMs = startMs + offsetMs;
    const waitMs = schedMs - clock.now();
    if (waitMs > 0) await clock.sleep(waitMs, signal);
    if (signal?.aborted || (options.shouldContinue && !options.shouldContinue())) break;
    options.dispatch(dispatched, schedMs);
    dispatched++;
  }
  return dispatched;
}
