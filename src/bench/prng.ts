/**
 * A seeded PRNG (mulberry32): the same --seed gives the same arrival schedule, so two runs differ only
 * in what was measured. Not for anything secret.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential inter-arrival time (ms) for a Poisson process of `ratePerS` events per second. */
export function exponentialGapMs(random: () => number, ratePerS: number): number {
  // 1 − u lies in (0, 1], so the log is finite.
  return (-Math.log(1 - random()) / ratePerS) * 1000;
}
