import type { Usage } from '../spec/chat.js';
import type { UnitPrices } from '../spec/config.js';

/**
 * Cost of one call in USD: uncached input at the input price, cached input at the cached price
 * (the input price when the model has none), output at the output price.
 * The SQL in the store's reprice uses the same expression in the same order, so both agree bit for bit.
 */
export function costUsd(usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens'>, prices: UnitPrices): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cachedPrice = prices.cachedInputPerMTok ?? prices.inputPerMTok;
  return ((usage.inputTokens - cached) * prices.inputPerMTok + cached * cachedPrice + usage.outputTokens * prices.outputPerMTok) / 1_000_000;
}
