import type { ModelPrice } from '../spec/config.js';
import { costUsd, type PricedUsage } from './cost-usd.js';
import { ratesFor } from './rates-for.js';

/**
 * What a call costs at a model's prices: what the server billed when it said so, else its service
 * tier's and long-context tier's rates through the cost rule. Every estimate (least_cost, bench
 * --budget, budget reservations) and every cost bench and the library report comes through here.
 */
export function usageCostUsd(usage: PricedUsage & { serviceTier?: string | null; billedCostUsd?: number | null }, price: ModelPrice): number {
  return usage.billedCostUsd ?? costUsd(usage, ratesFor(price, usage).rates);
}
