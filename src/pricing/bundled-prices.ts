import type { PriceFamily } from '../provider-types/index.js';
import type { ModelPrice } from '../spec/config.js';

export type { PriceFamily } from '../provider-types/index.js';

/**
 * The bundled price table: USD per million tokens, list prices of the vendors' own APIs on `as_of`.
 * Source: LiteLLM's model_prices_and_context_window.json as of 2026-07-24 (MIT; filtered to OpenAI and
 * Anthropic chat models), checked against the vendors' pricing pages, which corrected it where it
 * was wrong:
 * - claude-3-haiku and claude-3-opus 1-hour cache writes: 2x input ($0.50, $30), not $6;
 * - gpt-5-nano has no priority tier (the snapshot's $2.50 priority input is 50x its standard price);
 * - gpt-5.4 flex cache reads: $0.125 (half of $0.25), not $0.13;
 * - gpt-5.5 priority: $12.50 / $1.25 cached / $75 (2.5x standard, as OpenAI lists it), not 2x;
 * - claude-sonnet-4's long-context tier bills 1-hour writes at 2x its $6 input ($12), as 4.5's does.
 * Left out on purpose, so that they cost "unknown" until priced: claude-opus-5 and gpt-5.6 (no
 * vendor price list names them), LiteLLM's own names claude-4-opus/claude-4-sonnet-20250514, and the
 * audio, realtime and search models (billed on dimensions llmx does not count).
 * Not modelled: batch discounts, data-residency uplifts. Only prices we are sure of are listed;
 * anything else is unknown (null cost + a warning) until `pricing:` or `llmx prices import` names it.
 */
export const PRICES_AS_OF = '2026-07-24';

export interface BundledPrice extends ModelPrice {
  family: PriceFamily;
  /** Other ids the vendor serves this exact model (and price) under: dated snapshots, `-latest`. */
  aliases: readonly string[];
}

export const BUNDLED_PRICES: Readonly<Record<string, BundledPrice>> = {
  // OpenAI. Cached input is the automatic prompt-cache price; OpenAI bills no cache writes.
  // flex and priority are the service tiers' own list prices.
  'gpt-3.5-turbo': { family: 'openai', inputPerMTok: 0.5, outputPerMTok: 1.5, aliases: [] },
  'gpt-3.5-turbo-0125': { family: 'openai', inputPerMTok: 0.5, outputPerMTok: 1.5, aliases: [] },
  'gpt-3.5-turbo-1106': { family: 'openai', inputPerMTok: 1, outputPerMTok: 2, aliases: [] },
  'gpt-3.5-turbo-16k': { family: 'openai', inputPerMTok: 3, outputPerMTok: 4, aliases: [] },
  'gpt-4': { family: 'openai', inputPerMTok: 30, outputPerMTok: 60, aliases: [] },
  'gpt-4-0125-preview': { family: 'openai', inputPerMTok: 10, outputPerMTok: 30, aliases: [] },
  'gpt-4-0314': { family: 'openai', inputPerMTok: 30, outputPerMTok: 60, aliases: [] },
  'gpt-4-0613': { family: 'openai', inputPerMTok: 30, outputPerMTok: 60, aliases: [] },
  'gpt-4-1106-preview': { family: 'openai', inputPerMTok: 10, outputPerMTok: 30, aliases: [] },
  'gpt-4-turbo': { family: 'openai', inputPerMTok: 10, outputPerMTok: 30, aliases: ['gpt-4-turbo-2024-04-09'] },
  'gpt-4-turbo-preview': { family: 'openai', inputPerMTok: 10, outputPerMTok: 30, aliases: [] },
  'gpt-4.1': { family: 'openai', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, serviceTiers: { priority: { inputPerMTok: 3.5, outputPerMTok: 14, cachedInputPerMTok: 0.875 } }, aliases: ['gpt-4.1-2025-04-14'] },
  'gpt-4.1-mini': { family: 'openai', inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1, serviceTiers: { priority: { inputPerMTok: 0.7, outputPerMTok: 2.8, cachedInputPerMTok: 0.175 } }, aliases: ['gpt-4.1-mini-2025-04-14'] },
  'gpt-4.1-nano': { family: 'openai', inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025, serviceTiers: { priority: { inputPerMTok: 0.2, outputPerMTok: 0.8, cachedInputPerMTok: 0.05 } }, aliases: ['gpt-4.1-nano-2025-04-14'] },
  'gpt-4o': { family: 'openai', inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, serviceTiers: { priority: { inputPerMTok: 4.25, outputPerMTok: 17, cachedInputPerMTok: 2.125 } }, aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'] },
  'gpt-4o-2024-05-13': { family: 'openai', inputPerMTok: 5, outputPerMTok: 15, serviceTiers: { priority: { inputPerMTok: 8.75, outputPerMTok: 26.25 } }, aliases: [] },
  'gpt-4o-mini': { family: 'openai', inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075, serviceTiers: { priority: { inputPerMTok: 0.25, outputPerMTok: 1, cachedInputPerMTok: 0.125 } }, aliases: ['gpt-4o-mini-2024-07-18'] },
  'gpt-5': { family: 'openai', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, serviceTiers: { flex: { inputPerMTok: 0.625, outputPerMTok: 5, cachedInputPerMTok: 0.0625 }, priority: { inputPerMTok: 2.5, outputPerMTok: 20, cachedInputPerMTok: 0.25 } }, aliases: ['gpt-5-2025-08-07'] },
  'gpt-5-chat': { family: 'openai', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, aliases: [] },
  'gpt-5-chat-latest': { family: 'openai', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, aliases: [] },
  'gpt-5-mini': { family: 'openai', inputPerMTok: 0.25, outputPerMTok: 2, cachedInputPerMTok: 0.025, serviceTiers: { flex: { inputPerMTok: 0.125, outputPerMTok: 1, cachedInputPerMTok: 0.0125 }, priority: { inputPerMTok: 0.45, outputPerMTok: 3.6, cachedInputPerMTok: 0.045 } }, aliases: ['gpt-5-mini-2025-08-07'] },
  'gpt-5-nano': { family: 'openai', inputPerMTok: 0.05, outputPerMTok: 0.4, cachedInputPerMTok: 0.005, serviceTiers: { flex: { inputPerMTok: 0.025, outputPerMTok: 0.2, cachedInputPerMTok: 0.0025 } }, aliases: ['gpt-5-nano-2025-08-07'] },
  'gpt-5.1': { family: 'openai', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, serviceTiers: { priority: { inputPerMTok: 2.5, outputPerMTok: 20, cachedInputPerMTok: 0.25 } }, aliases: ['gpt-5.1-2025-11-13'] },
  'gpt-5.1-chat-latest': { family: 'openai', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, serviceTiers: { priority: { inputPerMTok: 2.5, outputPerMTok: 20, cachedInputPerMTok: 0.25 } }, aliases: [] },
  'gpt-5.2': { family: 'openai', inputPerMTok: 1.75, outputPerMTok: 14, cachedInputPerMTok: 0.175, serviceTiers: { priority: { inputPerMTok: 3.5, outputPerMTok: 28, cachedInputPerMTok: 0.35 } }, aliases: ['gpt-5.2-2025-12-11'] },
  'gpt-5.2-chat-latest': { family: 'openai', inputPerMTok: 1.75, outputPerMTok: 14, cachedInputPerMTok: 0.175, serviceTiers: { priority: { inputPerMTok: 3.5, outputPerMTok: 28, cachedInputPerMTok: 0.35 } }, aliases: [] },
  'gpt-5.3-chat-latest': { family: 'openai', inputPerMTok: 1.75, outputPerMTok: 14, cachedInputPerMTok: 0.175, serviceTiers: { priority: { inputPerMTok: 3.5, outputPerMTok: 28, cachedInputPerMTok: 0.35 } }, aliases: [] },
  'gpt-5.4': { family: 'openai', inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25, contextTiers: [{ aboveInputTokens: 272_000, inputPerMTok: 5, outputPerMTok: 22.5, cachedInputPerMTok: 0.5 }], serviceTiers: { flex: { inputPerMTok: 1.25, outputPerMTok: 7.5, cachedInputPerMTok: 0.125 }, priority: { inputPerMTok: 5, outputPerMTok: 30, cachedInputPerMTok: 0.5 } }, aliases: ['gpt-5.4-2026-03-05'] },
  'gpt-5.4-mini': { family: 'openai', inputPerMTok: 0.75, outputPerMTok: 4.5, cachedInputPerMTok: 0.075, serviceTiers: { flex: { inputPerMTok: 0.375, outputPerMTok: 2.25, cachedInputPerMTok: 0.0375 }, priority: { inputPerMTok: 1.5, outputPerMTok: 9, cachedInputPerMTok: 0.15 } }, aliases: ['gpt-5.4-mini-2026-03-17'] },
  'gpt-5.4-nano': { family: 'openai', inputPerMTok: 0.2, outputPerMTok: 1.25, cachedInputPerMTok: 0.02, serviceTiers: { flex: { inputPerMTok: 0.1, outputPerMTok: 0.625, cachedInputPerMTok: 0.01 } }, aliases: ['gpt-5.4-nano-2026-03-17'] },
  'gpt-5.5': { family: 'openai', inputPerMTok: 5, outputPerMTok: 30, cachedInputPerMTok: 0.5, contextTiers: [{ aboveInputTokens: 272_000, inputPerMTok: 10, outputPerMTok: 45, cachedInputPerMTok: 1 }], serviceTiers: { flex: { inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25 }, priority: { inputPerMTok: 12.5, outputPerMTok: 75, cachedInputPerMTok: 1.25 } }, aliases: ['gpt-5.5-2026-04-23'] },
  'o1-2024-12-17': { family: 'openai', inputPerMTok: 15, outputPerMTok: 60, cachedInputPerMTok: 7.5, aliases: ['o1'] },
  'o3': { family: 'openai', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, serviceTiers: { flex: { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: 0.25 }, priority: { inputPerMTok: 3.5, outputPerMTok: 14, cachedInputPerMTok: 0.875 } }, aliases: ['o3-2025-04-16'] },
  'o3-mini': { family: 'openai', inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.55, aliases: ['o3-mini-2025-01-31'] },
  'o4-mini': { family: 'openai', inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275, serviceTiers: { flex: { inputPerMTok: 0.55, outputPerMTok: 2.2, cachedInputPerMTok: 0.1375 }, priority: { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 } }, aliases: ['o4-mini-2025-04-16'] },
  // Azure's name for gpt-3.5-turbo (deployments usually carry it as their model name).
  'gpt-35-turbo': { family: 'openai', inputPerMTok: 0.5, outputPerMTok: 1.5, aliases: [] },

  // Anthropic. Cached input is the cache-read price (0.1x input); cache writes are 1.25x input for a
  // 5-minute lifetime and 2x for a 1-hour one. Sonnet 4 and 4.5 bill a request whose input is above
  // 200k tokens wholly at their long-context rates; the 4.6 models and later have no such tier.
  'claude-3-7-sonnet-20250219': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: ['claude-3-7-sonnet-latest'] },
  'claude-3-haiku-20240307': { family: 'anthropic', inputPerMTok: 0.25, outputPerMTok: 1.25, cachedInputPerMTok: 0.03, cacheWrite5mPerMTok: 0.3, cacheWrite1hPerMTok: 0.5, aliases: [] },
  'claude-3-opus-20240229': { family: 'anthropic', inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30, aliases: ['claude-3-opus-latest'] },
  'claude-haiku-4-5-20251001': { family: 'anthropic', inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, cacheWrite5mPerMTok: 1.25, cacheWrite1hPerMTok: 2, aliases: ['claude-haiku-4-5'] },
  'claude-opus-4-1-20250805': { family: 'anthropic', inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30, aliases: ['claude-opus-4-1'] },
  'claude-opus-4-20250514': { family: 'anthropic', inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30, aliases: ['claude-opus-4-0'] },
  'claude-opus-4-5-20251101': { family: 'anthropic', inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5, cacheWrite5mPerMTok: 6.25, cacheWrite1hPerMTok: 10, aliases: ['claude-opus-4-5'] },
  'claude-opus-4-6-20260205': { family: 'anthropic', inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5, cacheWrite5mPerMTok: 6.25, cacheWrite1hPerMTok: 10, aliases: ['claude-opus-4-6'] },
  'claude-opus-4-7-20260416': { family: 'anthropic', inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5, cacheWrite5mPerMTok: 6.25, cacheWrite1hPerMTok: 10, aliases: ['claude-opus-4-7'] },
  'claude-sonnet-4-20250514': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, contextTiers: [{ aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWrite5mPerMTok: 7.5, cacheWrite1hPerMTok: 12 }], aliases: ['claude-sonnet-4-0'] },
  'claude-sonnet-4-5-20250929': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, contextTiers: [{ aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWrite5mPerMTok: 7.5, cacheWrite1hPerMTok: 12 }], aliases: ['claude-sonnet-4-5'] },
  'claude-sonnet-4-6': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: [] },
  // Retired, kept so that older ledgers still reprice (figures of the table as of 2025-11-24).
  'claude-3-sonnet-20240229': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: [] },
  'claude-3-5-sonnet-20241022': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest'] },
  'claude-3-5-haiku-20241022': { family: 'anthropic', inputPerMTok: 0.8, outputPerMTok: 4, cachedInputPerMTok: 0.08, cacheWrite5mPerMTok: 1, cacheWrite1hPerMTok: 1.6, aliases: ['claude-3-5-haiku-latest'] },
};

/** Every id (canonical or alias) -> its canonical id. Built once; matching is exact on these keys. */
export const BUNDLED_IDS: ReadonlyMap<string, string> = (() => {
  const ids = new Map<string, string>();
  for (const [id, price] of Object.entries(BUNDLED_PRICES)) {
    ids.set(id, id);
    for (const alias of price.aliases) ids.set(alias, id);
  }
  return ids;
})();

export function bundledPrice(model: string): BundledPrice | null {
  const id = BUNDLED_IDS.get(model);
  return id === undefined ? null : BUNDLED_PRICES[id];
}
