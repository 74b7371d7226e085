import type { Node } from 'yaml';
import { SERVICE_TIER_NAMES, type ContextTier, type ModelPrice, type ProviderConfig, type TieredPrices, type UnitPrices } from '../spec/config.js';
import { didYouMean } from './did-you-mean.js';
import { checkProviderName } from './parse-budgets.js';
import type { Entry, ParseContext } from './parse-context.js';
import { entryOf, valueOf } from './names.js';

/** One set of rates; `cache_read` is another name for `cached_input`. */
const RATE_KEYS = ['input', 'output', 'cached_input', 'cache_read', 'cache_write', 'cache_write_1h'] as const;
const MODEL_KEYS = [...RATE_KEYS, 'tiers', 'service_tiers'] as const;
const VARIANT_KEYS = [...RATE_KEYS, 'tiers'] as const;
const TIER_KEYS = ['above_input_tokens', ...RATE_KEYS] as const;

/**
 * `pricing:` provider -> model -> prices, USD per million tokens:
 *   {input, output, cached_input (or cache_read), cache_write (5-minute), cache_write_1h,
 *    tiers: [{above_input_tokens, input, output, ...}], service_tiers: {flex: {...}, priority: {...}}}
 * Every mistake names file, line, column and key (exit 3).
 */
export function parsePricing(context: ParseContext, node: Node | null, providers: Record<string, ProviderConfig>): Record<string, Record<string, ModelPrice>> {
  const pricing: Record<string, Record<string, ModelPrice>> = {};
  for (const providerEntry of context.entries(node, 'pricing')) {
    const providerPath = `pricing.${providerEntry.key}`;
    // A price may name a configured provider or a provider type (the bundled table's vendors).
    checkProviderName(context, providerEntry, providerPath, providers, true);
    const models: Record<string, ModelPrice> = {};
    for (const modelEntry of context.entries(providerEntry.value, providerPath, providerEntry.keyNode)) {
      const path = `${providerPath}.${modelEntry.key}`;
      const fields = context.entries(modelEntry.value, path, modelEntry.keyNode);
      context.checkKeys(fields, MODEL_KEYS, path);
      const price: ModelPrice = tiered(context, fields, path, modelEntry.keyNode);
      const variants = entryOf(fields, 'service_tiers');
      if (variants) {
        const variantsPath = `${path}.service_tiers`;
        const serviceTiers: NonNullable<ModelPrice['serviceTiers']> = {};
        for (const variant of context.entries(variants.value, variantsPath, variants.keyNode)) {
          if (!(SERVICE_TIER_NAMES as readonly string[]).includes(variant.key)) {
            context.fail(variant.keyNode, `${variantsPath}.${variant.key}`, `unknown service tier${didYouMean(variant.key, SERVICE_TIER_NAMES)}; expected one of ${SERVICE_TIER_NAMES.join(', ')}`);
          }
          const variantPath = `${variantsPath}.${variant.key}`;
          const variantFields = context.entries(variant.value, variantPath, variant.keyNode);
          context.checkKeys(variantFields, VARIANT_KEYS, variantPath);
          serviceTiers[variant.key as (typeof SERVICE_TIER_NAMES)[number]] = tiered(context, variantFields, variantPath, variant.keyNode);
        }
        price.serviceTiers = serviceTiers;
      }
      models[modelEntry.key] = price;
    }
    pricing[providerEntry.key] = models;
  }
  context.warnMissing();
  return pricing;
}

/** Rates plus their long-context `tiers`. */
function tiered(context: ParseContext, fields: Entry[], path: string, at: Node | null): TieredPrices {
  const prices: TieredPrices = rates(context, fields, path, at);
  const tiersEntry = entryOf(fields, 'tiers');
  if (!tiersEntry) return prices;
  const tiers: ContextTier[] = [];
  context.items(tiersEntry.value, `${path}.tiers`).forEach((item, index) => {
    const tierPath = `${path}.tiers[${index}]`;
    const tierFields = context.entries(item, tierPath, tiersEntry.keyNode);
    context.checkKeys(tierFields, TIER_KEYS, tierPath);
    const threshold = entryOf(tierFields, 'above_input_tokens');
    const aboveInputTokens = threshold ? context.number(threshold.value, `${tierPath}.above_input_tokens`, 'positive-integer') : undefined;
    if (aboveInputTokens === undefined) context.fail(threshold?.keyNode ?? item, `${tierPath}.above_input_tokens`, 'required: the input tokens above which the whole request is billed at this tier');
    if (tiers.some((tier) => tier.aboveInputTokens === aboveInputTokens)) context.fail(threshold!.value, `${tierPath}.above_input_tokens`, `a second tier above ${aboveInputTokens} tokens`);
    tiers.push({ aboveInputTokens, ...rates(context, tierFields, tierPath, item) });
  });
  if (tiers.length > 0) prices.contextTiers = tiers.sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  return prices;
}

function rates(context: ParseContext, fields: Entry[], path: string, at: Node | null): UnitPrices {
  const required = (key: 'input' | 'output'): number => {
    const field = entryOf(fields, key);
    if (!field || context.resolve(field.value) === null) context.fail(field?.keyNode ?? at, `${path}.${key}`, 'required: USD per million tokens');
    return context.number(field.value, `${path}.${key}`, 'non-negative') ?? context.fail(field.value, `${path}.${key}`, 'required: USD per million tokens');
  };
  const prices: UnitPrices = { inputPerMTok: required('input'), outputPerMTok: required('output') };
  const read = entryOf(fields, 'cached_input') ?? entryOf(fields, 'cache_read');
  if (entryOf(fields, 'cached_input') && entryOf(fields, 'cache_read')) context.fail(entryOf(fields, 'cache_read')!.keyNode, `${path}.cache_read`, 'give cached_input or cache_read (the same price), not both');
  const cached = read ? context.number(read.value, `${path}.${read.key}`, 'non-negative') : undefined;
  if (cached !== undefined) prices.cachedInputPerMTok = cached;
  const write5m = context.number(valueOf(fields, 'cache_write'), `${path}.cache_write`, 'non-negative');
  if (write5m !== undefined) prices.cacheWrite5mPerMTok = write5m;
  const write1h = context.number(valueOf(fields, 'cache_write_1h'), `${path}.cache_write_1h`, 'non-negative');
  if (write1h !== undefined) prices.cacheWrite1hPerMTok = write1h;
  return prices;
}
