import type { Usage } from '../spec/chat.js';
import type { UnitPrices } from '../spec/config.js';

/** The counts the cost rule reads. */
export type PricedUsage = Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>;

/**
 * Cost of one call in USD, THE cost rule (the ledger, reprice, bench, health, budgets and least_cost
 * all come here): input that was neither read from nor written to the cache at the input price,
 * cache reads at the cache-read price, 5-minute and 1-hour cache writes at their write prices, and
 * output (reasoning included) at the output price. A missing cache price falls back to the input
 * price (a 1-hour write to the 5-minute one), which is what a vendor without prompt caching bills.
 * The cache counts are clamped to the input, so no count is ever billed twice.
 */
export function costUsd(usage: PricedUsage, prices: UnitPrices): number {
  const read = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const write5m = Math.min(usage.cacheWrite5mTokens ?? 0, usage.inputTokens - read);
  const write1h = Math.min(usage.cacheWrite1hTokens ?? 0, usage.inputTokens - read - write5m);
  const readPrice = prices.cachedInputPerMTok ?? prices.inputPerMTok;
  const write5mPrice = prices.cacheWrite5mPerMTok ?? prices.inputPerMTok;
  const write1hPrice = prices.cacheWrite1hPerMTok ?? write5mPrice;
  return (
    ((usage.inputTokens - read - write5m - write1h) * prices.inputPerMTok +
      read * readPrice +
      write5m * write5mPrice +
      write1h * write1hPrice +
      usage.outputTokens * prices.outputPerMTok) /
    1_000_000
  );
}
