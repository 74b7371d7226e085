import { latencyKey, type LatencyStats } from '../../resilience/latency-stats.js';
import { DEFAULT_ON_ERROR } from '../../spec/config.js';
import type { TargetScore } from '../../spec/events.js';
import { compareScores, describeScore, scoreTargets } from './expected-time.js';
import { DEFAULT_RETRY_WAIT_MS, decisionOf, describeFallbacks, type ResolvedTarget, type Strategy, type StrategyContext } from './types.js';
import { formatPercent } from '../../shared/format-percent.js';

/** Default share of calls that try a non-best target, so a recovered or sped-up provider is noticed. */
export const DEFAULT_EXPLORATION_RATE = 0.05;

/** Every target's expected time to a successful answer, in configured order (see expected-time.ts). */
export function scoreContext(context: StrategyContext): TargetScore[] {
  const retryWaitMs = context.retryWaitMs ?? (() => DEFAULT_RETRY_WAIT_MS);
  return scoreTargets(
    context.targets.map((target) => ({ target, stats: context.state.get(latencyKey(target.provider)) as LatencyStats | undefined, retryWaitMs: retryWaitMs(target) })),
    { stream: context.stream, nowMs: context.nowMs, onError: context.strategy.onError ?? DEFAULT_ON_ERROR[context.strategy.type] },
  );
}

/**
 * Lowest expected time to a successful answer first: the recent latency of an answer (time to first
 * token for streams), plus the recent failure rate times what a failure costs (the failed attempt,
 * the retry wait, and whatever answers next). Never-measured targets go first: one call measures
 * them. With probability explorationRate a random non-best target is tried first instead.
 */
export const performanceBasedStrategy: Strategy = {
  stateKeys: (_strategy, targets) => targets.map((target) => latencyKey(target.provider)),
  select(context) {
    const scores = scoreContext(context);
    const scored = context.targets.map((target, index) => ({ target, index, score: scores[index] }));
    if (scored.length === 0) return null;
    const ranked = [...scored].sort(compareScores);
    const best = ranked[0];
    const withScores = (ordered: Array<{ target: ResolvedTarget; score: TargetScore }>, reason: string) => {
      const decision = decisionOf(context, ordered.map((entry) => entry.target), reason);
      if (decision) decision.scores = ordered.map((entry) => entry.score);
      return decision;
    };
    if (best.score.expectedMs === null && !best.score.failing) {
      return withScores(ranked, `performance based: ${best.target.provider} has no latency measurement yet, trying it to measure${describeFallbacks(ranked.map((entry) => entry.target))}`);
    }
    const metric = context.stream ? 'time to first token' : 'latency';
    const explorationRate = context.strategy.explorationRate ?? DEFAULT_EXPLORATION_RATE;
    if (ranked.length > 1 && context.random() < explorationRate) {
      const pick = 1 + Math.min(ranked.length - 2, Math.floor(context.random() * (ranked.length - 1)));
      const explored = ranked[pick];
      const ordered = [explored, ...ranked.filter((entry) => entry !== explored)];
      return withScores(ordered, `performance based: exploring ${explored.target.provider} (${describeScore(explored.score)}) instead of the fastest ${best.target.provider} (${describeScore(best.score)}), ${formatPercent(explorationRate)} of calls explore${describeFallbacks(ordered.map((entry) => entry.target))}`);
    }
    const runnerUp = ranked[1] ? `, ahead of ${ranked[1].target.provider} ${describeScore(ranked[1].score)}` : '';
    return withScores(ranked, `performance based: ${best.target.provider} has the lowest expected time to an answer (${metric} and failures), ${describeScore(best.score)}${runnerUp}${describeFallbacks(ranked.map((entry) => entry.target))}`);
  },
};
