export { BUNDLED_PRICES, PRICES_AS_OF, bundledPrice, type BundledPrice, type PriceFamily } from './bundled-prices.js';
export { attemptPriceLookup, attemptPrices } from './attempt-prices.js';
export { attemptCostFields, attemptRepricer } from './attempt-cost-fields.js';
export { costUsd } from './cost-usd.js';
export { createPriceLookup } from './price-lookup.js';
export { ratesFor, serviceTierVariant, type AppliedRates } from './rates-for.js';
export { usageCostUsd } from './usage-cost.js';
