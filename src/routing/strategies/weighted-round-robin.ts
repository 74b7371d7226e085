import type { ResolvedTarget } from './types.js';
import { decisionOf, describeFallbacks, type Strategy, type StrategyContext } from './types.js';
import { formatPercent } from '../../shared/format-percent.js';

/**
 * Smooth weighted round robin state under `wrr:<strategy>`: each target's current weight, keyed by
 * `provider` (or `provider:model` when a provider appears with several models).
 */
export interface WeightedRoundRobinState {
  current: Record<string, number>;
}

function targetKey(target: ResolvedTarget, targets: readonly ResolvedTarget[]): string {
  const shared = targets.filter((other) => other.provider === target.provider).length > 1;
  return shared ? `${target.provider}:${target.model}` : target.provider;
}

export function weightedRoundRobinKey(strategy: string): string {
  return `wrr:${strategy}`;
}

// Weights are scaled to integers so the rotation is exact and deterministic (0.5/0.3/0.2 in floating
// point would drift after thousands of picks).
const SCALE = 1_000_000;

function integerWeights(targets: readonly ResolvedTarget[]): number[] {
  const total = targets.reduce((sum, target) => sum + (target.weight ?? 1), 0);
  return targets.map((target) => Math.max(1, Math.round(((target.weight ?? 1) / total) * SCALE)));
}

interface Step {
  ordered: ResolvedTarget[];
  nextCurrent: Record<string, number>;
}

/**
 * nginx's smooth weighted round robin: every pick adds each weight to its provider's current value,
 * picks the largest, and subtracts the total from the winner. Picks interleave (a, b, a, c, a, ...)
 * instead of bursting, and over any window each share stays close to its weight.
 */
function step(context: StrategyContext): Step {
  const state = context.state.get(weightedRoundRobinKey(context.strategy.name)) as WeightedRoundRobinState | undefined;
  const weights = integerWeights(context.targets);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const raised = context.targets.map((target, index) => ({ target, index, value: (state?.current[targetKey(target, context.targets)] ?? 0) + weights[index] }));
  // Highest current value first; ties keep configured order.
  const ranked = [...raised].sort((a, b) => b.value - a.value || a.index - b.index);
  const nextCurrent: Record<string, number> = {};
  for (const entry of raised) nextCurrent[targetKey(entry.target, context.targets)] = entry.value - (entry === ranked[0] ? total : 0);
  return { ordered: ranked.map((entry) => entry.target), nextCurrent };
}

export const weightedRoundRobinStrategy: Strategy = {
  stateKeys: (strategy) => [weightedRoundRobinKey(strategy.name)],
  select(context) {
    if (context.targets.length === 0) return null;
    const { ordered } = step(context);
    const head = ordered[0];
    const share = integerWeights(context.targets)[context.targets.indexOf(head)] / SCALE;
    return decisionOf(context, ordered, `weighted round robin: ${head.provider}'s turn (weight ${formatPercent(share)} of calls)${describeFallbacks(ordered)}`);
  },
  advance(context) {
    const next: WeightedRoundRobinState = { current: step(context).nextCurrent };
    return { [weightedRoundRobinKey(context.strategy.name)]: next };
  },
};
