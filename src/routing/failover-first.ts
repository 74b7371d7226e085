import { latencyKey, type LatencyStats } from '../resilience/latency-stats.js';
import type { Config } from '../spec/config.js';
import type { StateStore } from '../spec/state.js';
import { formatMs } from '../shared/format-duration.js';
import { scoreTargets } from './strategies/expected-time.js';
import type { ResolvedTarget } from './strategies/types.js';
import { readTargetStatus } from './target-status.js';

export interface FailoverFirstInput {
  config: Config;
  state: StateStore;
  /** The target that just failed and would be retried. */
  current: ResolvedTarget;
  /** The request's other targets not yet tried, in the decision's order. */
  candidates: readonly ResolvedTarget[];
  /** The wait the retry would take (backoff, or the server's Retry-After). */
  retryDelayMs: number;
  /** Expected wait before a retry on a target; null when it makes none. */
  retryWaitMs: (target: ResolvedTarget) => number | null;
  stream: boolean;
  nowMs: number;
  /** Input plus max output tokens: what a candidate's rate window must allow. */
  estimatedTokens: number;
}

/**
 * `on_error: failover_first`: after a retryable failure, is there a healthy target (circuit
 * admitting, rate window with room), the first the request would go on to, expected to answer sooner than the retry would (its wait plus
 * the failed target's own expected time)? Returns the reason to fail over now, or null to retry.
 * A never-measured candidate counts as sooner: nothing says it is slower, and trying it measures it.
 */
export async function failoverFirstReason(input: FailoverFirstInput): Promise<string | null> {
  if (input.candidates.length === 0) return null;
  const everyone = [input.current, ...input.candidates];
  const [stats, statuses] = await Promise.all([
    Promise.all(everyone.map((target) => input.state.get<LatencyStats>(latencyKey(target.provider)))),
    Promise.all(input.candidates.map((target) => readTargetStatus(input.state, input.config.providers[target.provider], target, input.nowMs, input.estimatedTokens))),
  ]);
  const scores = scoreTargets(
    everyone.map((target, index) => ({ target, stats: stats[index], retryWaitMs: index === 0 ? input.retryDelayMs : input.retryWaitMs(target) })),
    { stream: input.stream, nowMs: input.nowMs, onError: 'failover_first' },
  );
  const retryMs = scores[0].expectedMs === null ? null : input.retryDelayMs + scores[0].expectedMs;
  const retryText = `a retry of ${input.current.provider} in ${formatMs(input.retryDelayMs)}`;
  // The request goes on in the decision's order, so the question is about the first healthy one.
  const index = statuses.findIndex((status) => status.available);
  if (index === -1) return null;
  const chosen = { target: input.candidates[index], expectedMs: scores[index + 1].failing ? Number.POSITIVE_INFINITY : scores[index + 1].expectedMs };
  if (chosen.expectedMs === null) return `failing over first: ${chosen.target.provider} is not measured yet, tried before ${retryText}`;
  if (retryMs !== null && chosen.expectedMs >= retryMs) return null;
  return `failing over first: ${chosen.target.provider} is expected to answer in ${formatMs(chosen.expectedMs)}, sooner than ${retryText}${retryMs !== null ? ` (${formatMs(retryMs)} to an answer)` : ''}`;
}
