import { decisionOf, describeFallbacks, type Strategy, type StrategyContext } from './types.js';

/** Cursor of a round_robin strategy under `rr:<strategy>`: the index of the next call's first target. */
export interface RoundRobinState {
  next: number;
}

export function roundRobinKey(strategy: string): string {
  return `rr:${strategy}`;
}

function cursorOf(context: StrategyContext): number {
  const state = context.state.get(roundRobinKey(context.strategy.name)) as RoundRobinState | undefined;
  return state?.next ?? 0;
}

/**
 * Strict rotation: the cursor is advanced atomically per request in the shared store, so successive
 * calls start at successive targets even when each call is its own process. Fallbacks continue the
 * rotation from the pick.
 */
export const roundRobinStrategy: Strategy = {
  stateKeys: (strategy) => [roundRobinKey(strategy.name)],
  select(context) {
    const count = context.targets.length;
    if (count === 0) return null;
    const start = cursorOf(context) % count;
    const ordered = [...context.targets.slice(start), ...context.targets.slice(0, start)];
    return decisionOf(context, ordered, `round robin: ${ordered[0].provider} is turn ${start + 1} of ${count}${describeFallbacks(ordered)}`);
  },
  advance(context) {
    const count = Math.max(1, context.targets.length);
    const next: RoundRobinState = { next: (cursorOf(context) + 1) % count };
    return { [roundRobinKey(context.strategy.name)]: next };
  },
};
