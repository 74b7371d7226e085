import type { Usage } from '../spec/chat.js';
import type { ModelPrice } from '../spec/config.js';
import type { AttemptPriceLookup, AttemptRecord, AttemptRepricer, RepricedFields } from '../spec/ledger.js';
import { costUsd } from './cost-usd.js';
import { ratesFor } from './rates-for.js';

export type AttemptCostFields = Pick<
  AttemptRecord,
  | 'inputTokens'
  | 'outputTokens'
  | 'cachedInputTokens'
  | 'cacheWrite5mTokens'
  | 'cacheWrite1hTokens'
  | 'reasoningTokens'
  | 'serviceTier'
  | 'tokensEstimated'
> &
  RepricedFields &
  Required<Pick<AttemptRecord, 'billedCostUsd'>>;

/**
 * The token, price and cost columns of one attempt's ledger row. What the server says it billed is
 * the cost (`billed`); else the tokens at the prices that applied (its service tier's, its long-context
 * tier's: `computed`); else unknown, except that an attempt that used no tokens costs 0 even when its
 * model is unpriced. The unit prices that applied are kept either way, so a billed row shows what
 * llmx's prices would have said.
 */
export function attemptCostFields(usage: Usage, price: ModelPrice | null): AttemptCostFields {
  const billed = usage.billedCostUsd ?? null;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    cacheWrite5mTokens: usage.cacheWrite5mTokens ?? 0,
    cacheWrite1hTokens: usage.cacheWrite1hTokens ?? 0,
    reasoningTokens: usage.reasoningTokens ?? 0,
    serviceTier: usage.serviceTier ?? null,
    tokensEstimated: usage.estimated,
    ...pricedFields(usage, price, billed),
    billedCostUsd: billed,
  };
}

function pricedFields(usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'serviceTier'>, price: ModelPrice | null, billed: number | null): RepricedFields {
  if (price === null) {
    const free = usage.inputTokens === 0 && usage.outputTokens === 0;
    return {
      inputPricePerMTok: null,
      outputPricePerMTok: null,
      cachedInputPricePerMTok: null,
      cacheWrite5mPricePerMTok: null,
      cacheWrite1hPricePerMTok: null,
      costUsd: billed ?? (free ? 0 : null),
      costSource: billed !== null ? 'billed' : free ? 'computed' : 'unknown',
      priceSource: null,
    };
  }
  const { rates } = ratesFor(price, usage);
  return {
    inputPricePerMTok: rates.inputPerMTok,
    outputPricePerMTok: rates.outputPerMTok,
    cachedInputPricePerMTok: rates.cachedInputPerMTok ?? null,
    cacheWrite5mPricePerMTok: rates.cacheWrite5mPerMTok ?? null,
    cacheWrite1hPricePerMTok: rates.cacheWrite1hPerMTok ?? null,
    costUsd: billed ?? costUsd(usage, rates),
    costSource: billed !== null ? 'billed' : 'computed',
    priceSource: rates.source ?? null,
  };
}

/** The cost rule over a stored attempt, as `costs --reprice` applies it (the store skips billed rows). */
export function attemptRepricer(pricesOf: AttemptPriceLookup): AttemptRepricer {
  return (attempt) => pricedFields(attempt, pricesOf(attempt.provider, attempt.modelRequested, attempt.modelAnswered), attempt.billedCostUsd);
}
