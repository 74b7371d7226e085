import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES, costUsd, createPriceLookup, PRICES_AS_OF } from '../../src/pricing/index.js';
import type { Config, ProviderConfig, ProviderType } from '../../src/spec/config.js';

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
    expect(priceOf('openai', 'gpt-4')).toEqual({ inputPerMTok: 30, outputPerMTok: 60 });
    expect(priceOf('openai', 'gpt-3.5-turbo')).toEqual({ inputPerMTok: 0.5, outputPerMTok: 1.5 });
    expect(priceOf('azure_openai', 'gpt-35-turbo')).toEqual({ inputPerMTok: 0.5, outputPerMTok: 1.5 });
    expect(priceOf('anthropic', 'claude-3-opus-20240229')).toEqual({ inputPerMTok: 15, outputPerMTok: 75, cachedInputPerMTok: 1.5 });
    expect(priceOf('anthropic', 'claude-3-sonnet-20240229')).toEqual({ inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3 });
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
    expect(priceOf('openai', 'gpt-4o-mini-2024-07-18')).toEqual(priceOf('openai', 'gpt-4o-mini'));
    expect(priceOf('anthropic', 'claude-3-5-haiku-latest')).toEqual({ inputPerMTok: 0.8, outputPerMTok: 4, cachedInputPerMTok: 0.08 });
    expect(priceOf('anthropic', 'claude-sonnet-4-5')).toEqual(priceOf('anthropic', 'claude-sonnet-4-5-20250929'));
  });

  it('never matches near names: prefixes, suffixes, case', () => {
    expect(priceOf('openai', 'gpt-4o-mini-x')).toBeNull();
    expect(priceOf('openai', 'gpt-4o-')).toBeNull();
    expect(priceOf('openai', 'GPT-4o')).toBeNull();
    expect(priceOf('openai', 'gpt-4o-2099-01-01')).toBeNull();
    expect(priceOf('anthropic', 'claude-3-5-haiku')).toBeNull();
  });

  it("prices a model only on its own vendor's provider types", () => {
    expect(priceOf('anthropic', 'gpt-4o')).toBeNull();
    expect(priceOf('openai', 'claude-haiku-4-5')).toBeNull();
    // A custom endpoint is someone else's price list.
    expect(priceOf('proxy', 'gpt-4o')).toBeNull();
  });

  it('costs nothing on local providers, whatever the model', () => {
    expect(priceOf('ollama', 'llama2')).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 });
    const local = createPriceLookup(config([provider('gpu-box', 'custom', { local: true })]));
    expect(local('gpu-box', 'anything')).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 });
  });

  it('prices an Azure deployment as the base model its price_as names', () => {
    expect(priceOf('azure_openai', 'prod-chat')).toEqual(priceOf('openai', 'gpt-4o'));
    expect(priceOf('azure_openai', 'unmapped-deployment')).toBeNull();
  });

  it('lets pricing: override and add, by provider name or by provider type', () => {
    const custom = createPriceLookup(
      config([provider('openai', 'openai'), provider('work', 'openai'), provider('proxy', 'custom', { priceAs: { fast: 'gpt-4o-mini' } })], {
        openai: { 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 2 } },
        work: { 'ft:gpt-4o:acme': { inputPerMTok: 3.75, outputPerMTok: 15, cachedInputPerMTok: 1.875 } },
        proxy: { 'llama-3-70b': { inputPerMTok: 0.59, outputPerMTok: 0.79 } },
      }),
    );
    expect(custom('openai', 'gpt-4o')).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    // `work` is of type openai: the type-wide override applies to it too.
    expect(custom('work', 'gpt-4o')).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(custom('work', 'ft:gpt-4o:acme')).toEqual({ inputPerMTok: 3.75, outputPerMTok: 15, cachedInputPerMTok: 1.875 });
    expect(custom('proxy', 'llama-3-70b')).toEqual({ inputPerMTok: 0.59, outputPerMTok: 0.79 });
    // An explicit price_as may point a custom endpoint at a bundled model.
    expect(custom('proxy', 'fast')).toEqual(priceOf('openai', 'gpt-4o-mini'));
    expect(custom('openai', 'gpt-4o-mini')).toEqual(priceOf('openai', 'gpt-4o-mini'));
  });

  it('looks up a provider no longer configured as if its name were its type', () => {
    const empty = createPriceLookup(config([]));
    expect(empty('openai', 'gpt-4.1')).toEqual({ inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 });
    expect(empty('ollama', 'llama2')).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 });
    expect(empty('someone', 'gpt-4.1')).toBeNull();
  });
});

describe('costUsd', () => {
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
