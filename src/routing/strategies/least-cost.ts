import { usageCostUsd } from '../../pricing/usage-cost.js';
import { formatUsd } from '../../shared/format-usd.js';
import type { ResolvedTarget, StrategyContext } from './types.js';
import { decisionOf, type Strategy } from './types.js';

/** Estimated cost of this request on `target` in USD; 0 for local providers; null when the price is unknown. */
export function estimatedCostUsd(context: StrategyContext, target: ResolvedTarget): number | null {
  if (target.local) return 0;
  const prices = context.priceOf(target.provider, target.model);
  if (!prices) return null;
  // The cost rule itself: a long prompt is priced on its long-context tier, as it will be billed.
  return usageCostUsd({ inputTokens: context.estimate.inputTokens, outputTokens: context.estimate.outputTokens, cachedInputTokens: 0 }, prices);
}

/** The cheapest target for this request's estimated tokens first; unknown prices rank last, never as free. */
export const leastCostStrategy: Strategy = {
  stateKeys: () => [],
  select(context) {
    const priced = context.targets.map((target, index) => ({ target, index, costUsd: estimatedCostUsd(context, target) }));
    const ranked = [...priced].sort((a, b) => {
      if (a.costUsd === null || b.costUsd === null) return (a.costUsd === null ? 1 : 0) - (b.costUsd === null ? 1 : 0) || a.index - b.index;
      return a.costUsd - b.costUsd || a.index - b.index;
    });
    if (ranked.length === 0) return null;
    const head = ranked[0];
    const { inputTokens, outputTokens } = context.estimate;
    const tokens = `~${inputTokens} input + ${outputTokens} output tokens`;
    const unknown = ranked.filter((entry) => entry.costUsd === null).map((entry) => entry.target.provider);
    const unknownNote = unknown.length > 0 ? `; price unknown for ${unknown.join(', ')} (ranked last)` : '';
    const others = ranked.slice(1).filter((entry) => entry.costUsd !== null).map((entry) => `${entry.target.provider} ${formatUsd(entry.costUsd!)}`);
    const reason = head.costUsd === null
      ? `least cost: no target has a known price for ${head.target.model}; keeping configured order${unknownNote}`
      : `least cost: ${head.target.provider} (${head.target.model}) is cheapest at ${formatUsd(head.costUsd)} for ${tokens}${others.length > 0 ? ` (then ${others.join(', ')})` : ''}${unknownNote}`;
    return decisionOf(context, ranked.map((entry) => entry.target), reason);
  },
};
