export { BUNDLED_PRICES, PRICES_AS_OF, bundledPrice, type BundledPrice, type PriceFamily } from './bundled-prices.js';
export { attemptPriceLookup, attemptPrices } from './attempt-prices.js';
export { costUsd } from './cost-usd.js';
export { createPriceLookup } from './price-lookup.js';
