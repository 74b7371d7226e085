import type { Usage } from '../spec/chat.js';

/** All cache-write tokens of a usage (5-minute and 1-hour lifetimes). */
export function cacheWriteTokensOf(usage: Pick<Usage, 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>): number {
  return (usage.cacheWrite5mTokens ?? 0) + (usage.cacheWrite1hTokens ?? 0);
}
