import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES, costUsd, createPriceLookup, PRICES_AS_OF, usageCostUsd } from '../../src/pricing/index.js';
import type { Config, ProviderConfig, ProviderType, UnitPrices } from '../../src/spec/config.js';

function provider(name: string, type: ProviderType, extra: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name,
    type,
    models: [],
    priceAs: {},
    rateLimit: {},
    retry: { maxAttempts: 3, backoffFactor: 2 },
    failover: { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 },
    timeoutMs: 60_000,
    local: type === 'ollama',
    ...extra,
  };
}

function config(providers: ProviderConfig[], pricing: Config['pricing'] = {}): Pick<Config, 'providers' | 'pricing'> {
  return { providers: Object.fromEntries(providers.map((entry) => [entry.name, entry])), pricing };
}

/** The rates alone: which list answered is asserted where it matters. */
function rates(prices: UnitPrices | null): Omit<UnitPrices, 'source'> | null {
  if (prices === null) return null;
  const { source: _source, ...rest } = prices;
  return rest;
}

const seed = config([
  provider('openai', 'openai'),
  provider('anthropic', 'anthropic'),
  provider('ollama', 'ollama'),
  provider('azure_openai', 'azure_openai', { priceAs: { 'prod-chat': 'gpt-4o' } }),
  provider('proxy', 'custom'),
]);

describe('the bundled table', () => {
  it('states its date and prices every model of the seed', () => {
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const priceOf = createPriceLookup(seed);
    expect(rates(priceOf('openai', 'gpt-4'))).toEqual({ inputPerMTok: 30, outputPerMTok: 60 });
    expect(rates(priceOf('openai', 'gpt-3.5-turbo'))).toEqual({ inputPerMTok: 0.5, outputPerMTok: 1.5 });
    expect(rates(priceOf('azure_openai', 'gpt-35-turbo'))).toEqual({ inputPerMTok: 0.5, outputPerMTok: 1.5 });
    expect(rates(priceOf('anthropic', 'claude-3-opus-20240229'))).toEqual({ inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5, cacheWrite5mPerMTok: 18.75, cacheWrite1hPerMTok: 30 });
    expect(rates(priceOf('anthropic', 'claude-3-sonnet-20240229'))).toEqual({ inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6 });
  });

  it('has no entry whose cached price exceeds its input price', () => {
    for (const [model, price] of Object.entries(BUNDLED_PRICES)) {
      expect(price.cachedInputPerMTok ?? 0, model).toBeLessThanOrEqual(price.inputPerMTok);
    }
  });
});

describe('createPriceLookup', () => {
  const priceOf = createPriceLookup(seed);

  it('matches listed aliases (dated snapshots, -latest) exactly', () => {
    expect(rates(priceOf('openai', 'gpt-4o-mini-2024-07-18'))).toEqual(rates(priceOf('openai', 'gpt-4o-mini')));
    expect(rates(priceOf('anthropic', 'claude-3-5-haiku-latest'))).toEqual({ inputPerMTok: 0.8, outputPerMTok: 4, cachedInputPerMTok: 0.08, cacheWrite5mPerMTok: 1, cacheWrite1hPerMTok: 1.6 });
    expect(rates(priceOf('anthropic', 'claude-sonnet-4-5'))).toEqual(rates(priceOf('anthropic', 'claude-sonnet-4-5-20250929')));
  });

  it('never matches near names: prefixes, suffixes, case', () => {
    expect(rates(priceOf('openai', 'gpt-4o-mini-x'))).toBeNull();
    expect(rates(priceOf('openai', 'gpt-4o-'))).toBeNull();
    expect(rates(priceOf('openai', 'GPT-4o'))).toBeNull();
    expect(rates(priceOf('openai', 'gpt-4o-2099-01-01'))).toBeNull();
    expect(rates(priceOf('anthropic', 'claude-3-5-haiku'))).toBeNull();
  });

  it("prices a model only on its own vendor's provider types", () => {
    expect(rates(priceOf('anthropic', 'gpt-4o'))).toBeNull();
    expect(rates(priceOf('openai', 'claude-haiku-4-5'))).toBeNull();
    // A custom endpoint is someone else's price list.
    expect(rates(priceOf('proxy', 'gpt-4o'))).toBeNull();
  });

  it('costs nothing on local providers, whatever the model', () => {
    expect(rates(priceOf('ollama', 'llama2'))).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 });
    const local = createPriceLookup(config([provider('gpu-box', 'custom', { local: true })]));
    expect(rates(local('gpu-box', 'anything'))).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 });
  });

  it('prices an Azure deployment as the base model its price_as names', () => {
    expect(rates(priceOf('azure_openai', 'prod-chat'))).toEqual(rates(priceOf('openai', 'gpt-4o')));
    expect(rates(priceOf('azure_openai', 'unmapped-deployment'))).toBeNull();
  });

  it('lets pricing: override and add, by provider name or by provider type', () => {
    const custom = createPriceLookup(
      config([provider('openai', 'openai'), provider('work', 'openai'), provider('proxy', 'custom', { priceAs: { fast: 'gpt-4o-mini' } })], {
        openai: { 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 2 } },
        work: { 'ft:gpt-4o:acme': { inputPerMTok: 3.75, outputPerMTok: 15, cachedInputPerMTok: 1.875 } },
        proxy: { 'llama-3-70b': { inputPerMTok: 0.59, outputPerMTok: 0.79 } },
      }),
    );
    expect(rates(custom('openai', 'gpt-4o'))).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    // `work` is of type openai: the type-wide override applies to it too.
    expect(rates(custom('work', 'gpt-4o'))).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(rates(custom('work', 'ft:gpt-4o:acme'))).toEqual({ inputPerMTok: 3.75, outputPerMTok: 15, cachedInputPerMTok: 1.875 });
    expect(rates(custom('proxy', 'llama-3-70b'))).toEqual({ inputPerMTok: 0.59, outputPerMTok: 0.79 });
    // An explicit price_as may point a custom endpoint at a bundled model.
    expect(rates(custom('proxy', 'fast'))).toEqual(rates(priceOf('openai', 'gpt-4o-mini')));
    expect(rates(custom('openai', 'gpt-4o-mini'))).toEqual(rates(priceOf('openai', 'gpt-4o-mini')));
  });

  it('says which price list answered', () => {
    const custom = createPriceLookup(config([provider('openai', 'openai'), provider('ollama', 'ollama')], { openai: { 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 2 } } }));
    expect(custom('openai', 'gpt-4o')?.source).toBe('providers.yaml');
    expect(custom('openai', 'gpt-4o-mini')?.source).toBe(`bundled ${PRICES_AS_OF}`);
    expect(custom('ollama', 'llama3.2')?.source).toBe('local');
  });

  it('looks up a provider no longer configured as if its name were its type', () => {
    const empty = createPriceLookup(config([]));
    expect(rates(empty('openai', 'gpt-4.1'))).toEqual({ inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, serviceTiers: { priority: { inputPerMTok: 3.5, outputPerMTok: 14, cachedInputPerMTok: 0.875 } } });
    expect(rates(empty('ollama', 'llama2'))).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 });
    expect(rates(empty('someone', 'gpt-4.1'))).toBeNull();
  });
});

describe('costUsd', () => {
  // The worked example: claude-sonnet-4-5, 50 uncached + 2,000 written + 10,000 read input, 100 output.
  const sonnet = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6 };
  it('bills 5-minute cache writes at 1.25x and 1-hour writes at 2x input, as Anthropic does', () => {
    expect(costUsd({ inputTokens: 12_050, cachedInputTokens: 10_000, cacheWrite5mTokens: 2000, outputTokens: 100 }, sonnet)).toBeCloseTo(0.01215, 12);
    expect(costUsd({ inputTokens: 12_050, cachedInputTokens: 10_000, cacheWrite1hTokens: 2000, outputTokens: 100 }, sonnet)).toBeCloseTo(0.01665, 12);
  });

  it('bills writes at the input price when a model has no write price, and never bills a token twice', () => {
    expect(costUsd({ inputTokens: 12_050, cachedInputTokens: 10_000, cacheWrite5mTokens: 2000, outputTokens: 100 }, { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 })).toBeCloseTo(0.01065, 12);
    // More cache than input (a server's nonsense): reads first, then writes, cut to the input.
    expect(costUsd({ inputTokens: 100, cachedInputTokens: 80, cacheWrite5mTokens: 50, outputTokens: 0 }, sonnet)).toBeCloseTo((80 * 0.3 + 20 * 3.75) / 1e6, 15);
  });

  it('charges uncached input, cached input and output at their own prices', () => {
    // gpt-4o-mini: 100k uncached x $0.15 + 100k cached x $0.075 + 100k output x $0.60 = $0.0825
    expect(costUsd({ inputTokens: 200_000, cachedInputTokens: 100_000, outputTokens: 100_000 }, { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 })).toBeCloseTo(0.0825, 10);
  });

  it('charges cached input at the input price when the model has no cached price', () => {
    expect(costUsd({ inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 1_000 }, { inputPerMTok: 30, outputPerMTok: 60 })).toBeCloseTo(0.36, 10);
  });

  it('is 0 for zero usage and for free prices', () => {
    expect(costUsd({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 }, { inputPerMTok: 30, outputPerMTok: 60 })).toBe(0);
    expect(costUsd({ inputTokens: 5000, cachedInputTokens: 0, outputTokens: 5000 }, { inputPerMTok: 0, outputPerMTok: 0 })).toBe(0);
  });
});

describe('the bundled table, refreshed', () => {
  const priceOf = createPriceLookup(seed);
  const price = (provider: string, model: string) => priceOf(provider, model)!;
  const cost = (provider: string, model: string, usage: Parameters<typeof usageCostUsd>[0]) => usageCostUsd(usage, price(provider, model));

  it('prices every model released in the last year, under its dated ids too', () => {
    for (const model of ['claude-opus-4-6', 'claude-opus-4-6-20260205', 'claude-opus-4-7', 'claude-opus-4-7-20260416', 'claude-sonnet-4-6']) {
      expect(rates(priceOf('anthropic', model)), model).toMatchObject({ inputPerMTok: model.includes('opus') ? 5 : 3, cacheWrite5mPerMTok: model.includes('opus') ? 6.25 : 3.75 });
    }
    for (const model of ['gpt-5.1', 'gpt-5.1-2025-11-13', 'gpt-5.2', 'gpt-5.2-2025-12-11', 'gpt-5.4', 'gpt-5.4-2026-03-05', 'gpt-5.5', 'gpt-5.5-2026-04-23']) {
      expect(priceOf('openai', model), model).not.toBeNull();
    }
    expect(priceOf('openai', 'gpt-5.4')?.source).toBe('bundled 2026-07-24');
  });

  it('never prices a near match: Opus 4.6 is not Opus 4, and unlisted models stay unknown', () => {
    expect(price('anthropic', 'claude-opus-4-6').inputPerMTok).toBe(5);
    expect(price('anthropic', 'claude-opus-4-0').inputPerMTok).toBe(15);
    for (const model of ['claude-opus-4-6-x', 'claude-opus-4', 'claude-opus-5', 'gpt-5.6', 'gpt-5.4-2026-03-06']) expect(priceOf(model.startsWith('gpt') ? 'openai' : 'anthropic', model), model).toBeNull();
  });

  it('bills a 250k-token request on claude-sonnet-4-5 wholly at the long-context rates ($6 / $22.50)', () => {
    expect(cost('anthropic', 'claude-sonnet-4-5', { inputTokens: 250_000, outputTokens: 1000, cachedInputTokens: 0 })).toBeCloseTo((250_000 * 6 + 1000 * 22.5) / 1e6, 12);
    // At exactly 200k it is not above the threshold.
    expect(cost('anthropic', 'claude-sonnet-4-5', { inputTokens: 200_000, outputTokens: 1000, cachedInputTokens: 0 })).toBeCloseTo((200_000 * 3 + 1000 * 15) / 1e6, 12);
    // The threshold counts cache reads and writes, and their long-context prices apply.
    expect(cost('anthropic', 'claude-sonnet-4-5-20250929', { inputTokens: 210_000, outputTokens: 0, cachedInputTokens: 200_000, cacheWrite1hTokens: 5000 })).toBeCloseTo((5000 * 6 + 200_000 * 0.6 + 5000 * 12) / 1e6, 12);
    expect(cost('openai', 'gpt-5.4', { inputTokens: 300_000, outputTokens: 1000, cachedInputTokens: 0 })).toBeCloseTo((300_000 * 5 + 1000 * 22.5) / 1e6, 12);
    expect(cost('anthropic', 'claude-sonnet-4-6', { inputTokens: 250_000, outputTokens: 1000, cachedInputTokens: 0 })).toBeCloseTo((250_000 * 3 + 1000 * 15) / 1e6, 12);
  });

  it('bills gpt-5 answered on flex at half and on priority at double; any other tier at standard', () => {
    const usage = { inputTokens: 10_000, outputTokens: 1000, cachedInputTokens: 2000 };
    const standard = cost('openai', 'gpt-5', { ...usage, serviceTier: 'default' });
    expect(standard).toBeCloseTo((8000 * 1.25 + 2000 * 0.125 + 1000 * 10) / 1e6, 12);
    expect(cost('openai', 'gpt-5', { ...usage, serviceTier: 'flex' })).toBeCloseTo(standard / 2, 12);
    expect(cost('openai', 'gpt-5', { ...usage, serviceTier: 'priority' })).toBeCloseTo(standard * 2, 12);
    expect(cost('openai', 'gpt-5', { ...usage, serviceTier: 'scale' })).toBeCloseTo(standard, 12);
    // A model without a flex price is billed at its standard rates.
    expect(cost('openai', 'gpt-4o', { ...usage, serviceTier: 'flex' })).toBeCloseTo(cost('openai', 'gpt-4o', usage), 12);
  });

  it('takes what the server billed over any price', () => {
    expect(cost('openai', 'gpt-5', { inputTokens: 10, outputTokens: 10, cachedInputTokens: 0, billedCostUsd: 0.5 })).toBe(0.5);
  });

  it('has every rate non-negative, cache reads at most input, and tiers ascending', () => {
    for (const [model, entry] of Object.entries(BUNDLED_PRICES)) {
      const sets = [entry, ...(entry.contextTiers ?? []), ...Object.values(entry.serviceTiers ?? {})];
      for (const set of sets) {
        for (const value of [set!.inputPerMTok, set!.outputPerMTok, set!.cachedInputPerMTok ?? 0, set!.cacheWrite5mPerMTok ?? 0, set!.cacheWrite1hPerMTok ?? 0]) expect(value, model).toBeGreaterThanOrEqual(0);
        expect(set!.cachedInputPerMTok ?? 0, model).toBeLessThanOrEqual(set!.inputPerMTok);
      }
    }
  });
});
