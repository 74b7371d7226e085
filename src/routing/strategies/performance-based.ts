import { effectiveLatencyMs, latencyKey, type LatencyStats } from '../../resilience/latency-stats.js';
import { decisionOf, describeFallbacks, type Strategy } from './types.js';
import { formatMs } from '../../shared/format-duration.js';
import { formatPercent } from '../../shared/format-percent.js';

/** Default share of calls that try a non-best target, so a recovered or sped-up provider is noticed. */
export const DEFAULT_EXPLORATION_RATE = 0.05;

/**
 * Lowest recent latency first (EWMA of time to first token for streams, of total latency otherwise,
 * inflated by the failure rate). Never-measured targets go first: one call measures them. With
 * probability explorationRate a random non-best target is tried first instead.
 */
export const performanceBasedStrategy: Strategy = {
  stateKeys: (_strategy, targets) => targets.map((target) => latencyKey(target.provider)),
  select(context) {
    const scored = context.targets.map((target, index) => ({
      target,
      index,
      latencyMs: effectiveLatencyMs(context.state.get(latencyKey(target.provider)) as LatencyStats | undefined, context.stream),
    }));
    if (scored.length === 0) return null;
    const ranked = [...scored].sort((a, b) => {
      if (a.latencyMs === null || b.latencyMs === null) return (a.latencyMs === null ? 0 : 1) - (b.latencyMs === null ? 0 : 1) || a.index - b.index;
      return a.latencyMs - b.latencyMs || a.index - b.index;
    });
    const metric = context.stream ? 'time to first token' : 'latency';
    const best = ranked[0];
    if (best.latencyMs === null) {
      const ordered = ranked.map((entry) => entry.target);
      return decisionOf(context, ordered, `performance based: ${best.target.provider} has no latency measurement yet, trying it to measure${describeFallbacks(ordered)}`);
    }
    const explorationRate = context.strategy.explorationRate ?? DEFAULT_EXPLORATION_RATE;
    if (ranked.length > 1 && context.random() < explorationRate) {
      const pick = 1 + Math.min(ranked.length - 2, Math.floor(context.random() * (ranked.length - 1)));
      const explored = ranked[pick];
      const ordered = [explored, ...ranked.filter((entry) => entry !== explored)].map((entry) => entry.target);
      return decisionOf(context, ordered, `performance based: exploring ${explored.target.provider} (${latencyText(explored.latencyMs)}) instead of the fastest ${best.target.provider} (${latencyText(best.latencyMs)}), ${formatPercent(explorationRate)} of calls explore${describeFallbacks(ordered)}`);
    }
    const ordered = ranked.map((entry) => entry.target);
    const runnerUp = ranked[1] ? `, ahead of ${ranked[1].target.provider} (${latencyText(ranked[1].latencyMs)})` : '';
    return decisionOf(context, ordered, `performance based: ${best.target.provider} has the lowest recent ${metric}, ${latencyText(best.latencyMs)}${runnerUp}${describeFallbacks(ordered)}`);
  },
};

function latencyText(latencyMs: number | null): string {
  if (latencyMs === null) return 'not measured';
  if (latencyMs >= Number.MAX_SAFE_INTEGER) return 'failing';
  return formatMs(latencyMs);
}
