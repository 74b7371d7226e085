import type { PriceFamily } from '../provider-types/index.js';
import type { UnitPrices } from '../spec/config.js';

export type { PriceFamily } from '../provider-types/index.js';

/**
 * The bundled price table: USD per million tokens, list prices of the vendors' own APIs on `as_of`.
 * Only prices we are sure of are listed; anything else is unknown (null cost + a warning) until
 * `pricing:` in providers.yaml names it. Not modelled: long-context tiers (e.g. Sonnet above 200k
 * input tokens), batch discounts.
 */
export const PRICES_AS_OF = '2025-11-24';

export interface BundledPrice extends UnitPrices {
  family: PriceFamily;
  /** Other ids the vendor serves this exact model (and price) under: dated snapshots, `-latest`. */
  aliases: readonly string[];
}

export const BUNDLED_PRICES: Readonly<Record<string, BundledPrice>> = {
  // OpenAI. Cached input is the automatic prompt-cache price.
  'gpt-4': { family: 'openai', inputPerMTok: 30, outputPerMTok: 60, aliases: ['gpt-4-0613'] },
  'gpt-4-turbo': { family: 'openai', inputPerMTok: 10, outputPerMTok: 30, aliases: ['gpt-4-turbo-2024-04-09'] },
  'gpt-3.5-turbo': { family: 'openai', inputPerMTok: 0.5, outputPerMTok: 1.5, aliases: ['gpt-3.5-turbo-0125'] },
  // Azure's name for the same model (deployments usually carry it as their model name).
  'gpt-35-turbo': { family: 'openai', inputPerMTok: 0.5, outputPerMTok: 1.5, aliases: [] },
  'gpt-4o': { family: 'openai', inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'] },
  // The first gpt-4o snapshot kept its launch price.
  'gpt-4o-2024-05-13': { family: 'openai', inputPerMTok: 5, outputPerMTok: 15, aliases: [] },
  'gpt-4o-mini': { family: 'openai', inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075, aliases: ['gpt-4o-mini-2024-07-18'] },
  'gpt-4.1': { family: 'openai', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, aliases: ['gpt-4.1-2025-04-14'] },
  'gpt-4.1-mini': { family: 'openai', inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1, aliases: ['gpt-4.1-mini-2025-04-14'] },
  'gpt-4.1-nano': { family: 'openai', inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025, aliases: ['gpt-4.1-nano-2025-04-14'] },
  'gpt-5': { family: 'openai', inputPerMTok: 1.25, outputPerMTok: 10, cachedInputPerMTok: 0.125, aliases: ['gpt-5-2025-08-07'] },
  'gpt-5-mini': { family: 'openai', inputPerMTok: 0.25, outputPerMTok: 2, cachedInputPerMTok: 0.025, aliases: ['gpt-5-mini-2025-08-07'] },
  'gpt-5-nano': { family: 'openai', inputPerMTok: 0.05, outputPerMTok: 0.4, cachedInputPerMTok: 0.005, aliases: ['gpt-5-nano-2025-08-07'] },
  'o3': { family: 'openai', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, aliases: ['o3-2025-04-16'] },
  'o4-mini': { family: 'openai', inputPerMTok: 1.1, outputPerMTok: 4.4, cachedInputPerMTok: 0.275, aliases: ['o4-mini-2025-04-16'] },

  // Anthropic. Cached input is the cache-read price (0.1x input); cache writes are 1.25x input for a
  // 5-minute lifetime and 2x for a 1-hour one.
  'claude-3-opus-20240229': { family: 'anthropic', inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30, aliases: ['claude-3-opus-latest'] },
  'claude-3-sonnet-20240229': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: [] },
  'claude-3-haiku-20240307': { family: 'anthropic', inputPerMTok: 0.25, outputPerMTok: 1.25, cachedInputPerMTok: 0.03, cacheWrite5mPerMTok: 0.3125, cacheWrite1hPerMTok: 0.5, aliases: [] },
  'claude-3-5-sonnet-20241022': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: ['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest'] },
  'claude-3-5-haiku-20241022': { family: 'anthropic', inputPerMTok: 0.8, outputPerMTok: 4, cachedInputPerMTok: 0.08, cacheWrite5mPerMTok: 1, cacheWrite1hPerMTok: 1.6, aliases: ['claude-3-5-haiku-latest'] },
  'claude-3-7-sonnet-20250219': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: ['claude-3-7-sonnet-latest'] },
  'claude-sonnet-4-20250514': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: ['claude-sonnet-4-0'] },
  'claude-opus-4-20250514': { family: 'anthropic', inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30, aliases: ['claude-opus-4-0'] },
  'claude-opus-4-1-20250805': { family: 'anthropic', inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30, aliases: ['claude-opus-4-1'] },
  'claude-sonnet-4-5-20250929': { family: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6, aliases: ['claude-sonnet-4-5'] },
  'claude-haiku-4-5-20251001': { family: 'anthropic', inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, cacheWrite5mPerMTok: 1.25, cacheWrite1hPerMTok: 2, aliases: ['claude-haiku-4-5'] },
  'claude-opus-4-5-20251101': { family: 'anthropic', inputPerMTok: 5, outputPerMTok: 25, cachedInputPerMTok: 0.5, cacheWrite5mPerMTok: 6.25, cacheWrite1hPerMTok: 10, aliases: ['claude-opus-4-5'] },
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
