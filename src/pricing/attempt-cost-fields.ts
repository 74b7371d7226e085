import type { Usage } from '../spec/chat.js';
import type { UnitPrices } from '../spec/config.js';
import type { AttemptRecord } from '../spec/ledger.js';
import { costUsd } from './cost-usd.js';

export type AttemptCostFields = Pick<
  AttemptRecord,
  | 'inputTokens'
  | 'outputTokens'
  | 'cachedInputTokens'
  | 'tokensEstimated'
  | 'inputPricePerMTok'
  | 'outputPricePerMTok'
  | 'cachedInputPricePerMTok'
  | 'costUsd'
>;

/**
 * The token, price and cost columns of one attempt's ledger row. An attempt that used no tokens
 * costs 0 even when its model is unpriced, as the store's reprice computes it.
 */
export function attemptCostFields(usage: Usage, prices: UnitPrices | null): AttemptCostFields {
  const unpricedCost = usage.inputTokens === 0 && usage.outputTokens === 0 ? 0 : null;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    tokensEstimated: usage.estimated,
    inputPricePerMTok: prices?.inputPerMTok ?? null,
    outputPricePerMTok: prices?.outputPerMTok ?? null,
    cachedInputPricePerMTok: prices?.cachedInputPerMTok ?? null,
    costUsd: prices !== null ? costUsd(usage, prices) : unpricedCost,
  };
}
