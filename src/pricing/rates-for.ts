import type { Usage } from '../spec/chat.js';
import type { ModelPrice, ServiceTierName, TieredPrices, UnitPrices } from '../spec/config.js';

/** The rates one call is billed at, and which variant and long-context tier chose them. */
export interface AppliedRates {
  rates: UnitPrices;
  /** The service-tier variant used; null for the base rates. */
  serviceTier: ServiceTierName | null;
  /** The long-context tier's threshold; null below every tier. */
  aboveInputTokens: number | null;
}

/**
 * The answered tier's price variant: `flex` and `priority` as OpenAI names them (Anthropic's
 * `priority` too); `default`, `standard`, `auto`, `scale`, `batch` and anything else are the base rates.
 */
export function serviceTierVariant(answered: string | null | undefined): ServiceTierName | null {
  return answered === 'flex' || answered === 'priority' ? answered : null;
}

/**
 * Which rates apply to a call: the answered service tier's variant when the model has one (else the
 * base rates: a tier the price list does not know is billed as standard), then the highest
 * long-context tier whose threshold the whole input (cache reads and writes included) is above, for the
 * whole request, as the vendors bill it. The source is the price's.
 */
export function ratesFor(price: ModelPrice, usage: Pick<Usage, 'inputTokens' | 'serviceTier'>): AppliedRates {
  const variant = serviceTierVariant(usage.serviceTier);
  const chosen: TieredPrices = (variant !== null ? price.serviceTiers?.[variant] : undefined) ?? price;
  let rates: UnitPrices = chosen;
  let aboveInputTokens: number | null = null;
  for (const tier of chosen.contextTiers ?? []) {
    if (usage.inputTokens > tier.aboveInputTokens && (aboveInputTokens === null || tier.aboveInputTokens > aboveInputTokens)) {
      rates = tier;
      aboveInputTokens = tier.aboveInputTokens;
    }
  }
  const applied: UnitPrices = { inputPerMTok: rates.inputPerMTok, outputPerMTok: rates.outputPerMTok };
  if (rates.cachedInputPerMTok !== undefined) applied.cachedInputPerMTok = rates.cachedInputPerMTok;
  if (rates.cacheWrite5mPerMTok !== undefined) applied.cacheWrite5mPerMTok = rates.cacheWrite5mPerMTok;
  if (rates.cacheWrite1hPerMTok !== undefined) applied.cacheWrite1hPerMTok = rates.cacheWrite1hPerMTok;
  if (price.source !== undefined) applied.source = price.source;
  return { rates: applied, serviceTier: chosen === price ? null : variant, aboveInputTokens };
}
