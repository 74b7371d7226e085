export { seededRandom, type Random } from '../shared/prng.js';

/** FNV-1a: a stable 32-bit hash, to derive per-provider seeds and per-prompt text offsets. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
