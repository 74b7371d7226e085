/**
 * A small seeded PRNG (mulberry32): the same seed draws the same sequence, so a simulator run repeats
 * its outcomes and a bench run its arrival schedule. Not for anything secret. It lives below both
 * src/sim/ and src/bench/ so neither imports the other.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
