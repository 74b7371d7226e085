import { descriptorOf, isProviderType, type PriceFamily } from '../provider-types/index.js';
import type { Config, ModelPrice, ProviderConfig, UnitPrices } from '../spec/config.js';
import type { PriceLookup } from '../spec/ledger.js';
import { bundledPrice, PRICES_AS_OF } from './bundled-prices.js';

const FREE: UnitPrices = Object.freeze({ inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0, source: 'local' });
const BUNDLED_SOURCE = `bundled ${PRICES_AS_OF}`;
const CONFIGURED_SOURCE = 'providers.yaml';

/**
 * Unit prices for `provider`'s `model`, or null when unknown. Order, every step an exact match:
 * 1. a local provider (ollama, `local: true`) costs 0;
 * 2. `pricing:` in providers.yaml for this provider and model as named;
 * 3. the provider's `price_as` maps the name (an Azure deployment) to a base model, then 2 again;
 *    then 2 and 3 with `pricing:` keyed by the provider's type (e.g. `pricing: {openai: ...}`);
 * 4. the bundled table (its listed aliases included), when the provider's type is the model's vendor
 *    (azure_openai counts as openai; custom has no vendor, so only `pricing:` or `price_as` price it).
 * A provider missing from the config (e.g. repricing old rows) is looked up as if its name were its type.
 * Never a prefix or fuzzy match: `gpt-4o-mini-x` is unknown, not gpt-4o-mini.
 */
export function createPriceLookup(config: Pick<Config, 'providers' | 'pricing'>): PriceLookup {
  return (providerName: string, model: string): ModelPrice | null => {
    const provider: ProviderConfig | undefined = config.providers[providerName];
    if (provider?.local) return FREE;
    const type = provider?.type ?? (isProviderType(providerName) ? providerName : undefined);
    if (type === undefined) return configured(config, providerName, model);
    // Which vendor's list prices apply is the type's (its descriptor's priceFamily).
    const family = descriptorOf(type).priceFamily;
    if (family === 'free') return FREE;
    const baseModel = provider?.priceAs[model];
    return (
      configured(config, providerName, model) ??
      (baseModel === undefined ? null : configured(config, providerName, baseModel)) ??
      (type === providerName ? null : configured(config, type, model)) ??
      (baseModel === undefined || type === providerName ? null : configured(config, type, baseModel)) ??
      // An explicit price_as names the model on purpose, so it may point at any vendor's entry.
      (baseModel === undefined ? fromTable(family, model) : fromTable('any', baseModel))
    );
  };
}

function configured(config: Pick<Config, 'pricing'>, provider: string, model: string): ModelPrice | null {
  const prices = config.pricing[provider]?.[model];
  return prices === undefined ? null : { ...prices, source: CONFIGURED_SOURCE };
}

function fromTable(family: PriceFamily | 'any' | null, model: string): ModelPrice | null {
  if (family === null) return null;
  const price = bundledPrice(model);
  if (price === null || (family !== 'any' && price.family !== family)) return null;
  const { family: _family, aliases: _aliases, ...prices } = price;
  return { ...prices, source: BUNDLED_SOURCE };
}
