import type { ModelPrice } from '../spec/config.js';
import type { AttemptPriceLookup, PriceLookup } from '../spec/ledger.js';

/**
 * The prices of one attempt: the model the server answered with when it has a price (that is
 * what was billed, e.g. a dated snapshot), else the model requested (a snapshot id the table does not
 * list, or an Azure deployment priced through price_as). Null when neither is known.
 * The ledger, `costs --reprice`, health's deep checks and bench all price by this one rule.
 */
export function attemptPrices(priceOf: PriceLookup, provider: string, requested: string, answered: string | null | undefined): ModelPrice | null {
  return (answered ? priceOf(provider, answered) : null) ?? priceOf(provider, requested);
}

/** `attemptPrices` bound to a lookup. */
export function attemptPriceLookup(priceOf: PriceLookup): AttemptPriceLookup {
  return (provider, requested, answered) => attemptPrices(priceOf, provider, requested, answered);
}
