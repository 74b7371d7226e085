import type { Usage } from '../spec/chat.js';
import type { UnitPrices } from '../spec/config.js';
import type { AttemptRecord } from '../spec/ledger.js';
import { costUsd } from './cost-usd.js';

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
  | 'inputPricePerMTok'
  | 'outputPricePerMTok'
  | 'cachedInputPricePerMTok'
  | 'cacheWrite5mPricePerMTok'
  | 'cacheWrite1hPricePerMTok'
  | 'costUsd'
  | 'billedCostUsd'
  | 'costSource'
  | 'priceSource'
>;

/**
 * The token, price and cost columns of one attempt's ledger row. What the server says it billed is
 * the cost (`billed`); else the tokens at the prices (`computed`); else unknown, except that an
 * attempt that used no tokens costs 0 even when its model is unpriced. The unit prices used are
 * kept either way, so a billed row shows what llmx's prices would have said.
 */
export function attemptCostFields(usage: Usage, prices: UnitPrices | null): AttemptCostFields {
  const billed = usage.billedCostUsd ?? null;
  const computed = prices !== null ? costUsd(usage, prices) : usage.inputTokens === 0 && usage.outputTokens === 0 ? 0 : null;
  const costSource = billed !== null ? 'billed' : prices !== null ? 'computed' : computed === 0 ? 'computed' : 'unknown';
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    cacheWrite5mTokens: usage.cacheWrite5mTokens ?? 0,
    cacheWrite1hTokens: usage.cacheWrite1hTokens ?? 0,
    reasoningTokens: usage.reasoningTokens ?? 0,
    serviceTier: usage.serviceTier ?? null,
    tokensEstimated: usage.estimated,
    inputPricePerMTok: prices?.inputPerMTok ?? null,
    outputPricePerMTok: prices?.outputPerMTok ?? null,
    cachedInputPricePerMTok: prices?.cachedInputPerMTok ?? null,
    cacheWrite5mPricePerMTok: prices?.cacheWrite5mPerMTok ?? null,
    cacheWrite1hPricePerMTok: prices?.cacheWrite1hPerMTok ?? null,
    costUsd: billed ?? computed,
    billedCostUsd: billed,
    costSource,
    priceSource: prices?.source ?? null,
  };
}
