import type { Usage } from '../spec/chat.js';
import type { Config } from '../spec/config.js';
import type { PriceLookup } from '../spec/ledger.js';
import { usageCostUsd } from '../pricing/usage-cost.js';
import { createPriceLookup } from '../pricing/price-lookup.js';
import { localTimeZone, startOfDay, startOfNextDay } from '../shared/time-zone.js';

export interface CostTrackerOptions {
  /** Prices to use. Default: the bundled table plus `config.pricing` (provider names taken as their types). */
  priceOf?: PriceLookup;
  /** Used for the default price lookup (pricing:, price_as, local providers). Default: none. */
  config?: Pick<Config, 'providers' | 'pricing'>;
  /** Clock, ms since epoch. Default Date.now. */
  now?: () => number;
  /** IANA zone that defines "today" for getDailyCost(). Default: the local zone. */
  timeZone?: string;
}

export interface CostReport {
  /** Sum of known costs, USD. */
  totalCost: number;
  /** Known cost per provider, USD. */
  byProvider: Record<string, number>;
  /** addCost() calls whose model had no known price (not in totalCost). */
  unpricedCalls: number;
  /** Calls made through track() and how many of them threw. */
  trackedCalls: number;
  trackedFailures: number;
}

interface Entry {
  provider: string;
  atMs: number;
  costUsd: number | null;
}

/**
 * The seed's CostTracker, in process and in memory: `track(fn)` wraps an async function (counting its
 * calls and failures), `addCost(provider, model, usage)` prices one call. For spend that must survive the
 * process and be shared, use the ledger (`llmx costs`); this is the library's lightweight form.
 */
export class CostTracker {
  private readonly entries: Entry[] = [];
  private readonly priceOf: PriceLookup;
  private readonly now: () => number;
  private readonly timeZone: string;
  private trackedCalls = 0;
  private trackedFailures = 0;

  constructor(options: CostTrackerOptions = {}) {
    this.priceOf = options.priceOf ?? createPriceLookup(options.config ?? { providers: {}, pricing: {} });
    this.now = options.now ?? Date.now;
    this.timeZone = options.timeZone ?? localTimeZone();
  }

  /** Wraps `fn`; the wrapper behaves like `fn` and counts its calls. Costs are added with addCost(). */
  track<Args extends unknown[], Result>(fn: (...args: Args) => Promise<Result>): (...args: Args) => Promise<Result> {
    return async (...args: Args) => {
      this.trackedCalls += 1;
      try {
        return await fn(...args);
      } catch (error) {
        this.trackedFailures += 1;
        throw error;
      }
    };
  }

  /** Prices one call and records it; returns its cost in USD, or null when the model's price is unknown. */
  addCost(provider: string, model: string, usage: Pick<Usage, 'inputTokens' | 'outputTokens'> & Partial<Pick<Usage, 'cachedInputTokens'>>): number | null {
    const prices = this.priceOf(provider, model);
    const cost = prices === null ? null : usageCostUsd({ cachedInputTokens: 0, ...usage }, prices);
    this.entries.push({ provider, atMs: this.now(), costUsd: cost });
    return cost;
  }

  getReport(): CostReport {
    const byProvider: Record<string, number> = {};
    let totalCost = 0;
    let unpricedCalls = 0;
    for (const entry of this.entries) {
      byProvider[entry.provider] ??= 0;
      if (entry.costUsd === null) {
        unpricedCalls += 1;
        continue;
      }
      byProvider[entry.provider] += entry.costUsd;
      totalCost += entry.costUsd;
    }
    return { totalCost, byProvider, unpricedCalls, trackedCalls: this.trackedCalls, trackedFailures: this.trackedFailures };
  }

  /** Known cost of today's calls (the calendar day of `now()` in the tracker's zone), USD. */
  getDailyCost(): number {
    const nowMs = this.now();
    const sinceMs = startOfDay(nowMs, this.timeZone);
    const untilMs = startOfNextDay(nowMs, this.timeZone);
    return this.entries.filter((entry) => entry.atMs >= sinceMs && entry.atMs < untilMs).reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0);
  }
}
