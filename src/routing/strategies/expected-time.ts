import { failureRateAt, successLatencyMs, type LatencyStats } from '../../resilience/latency-stats.js';
import type { OnErrorPolicy } from '../../spec/config.js';
import type { Target, TargetScore } from '../../spec/events.js';
import { formatMs } from '../../shared/format-duration.js';
import { formatPercent } from '../../shared/format-percent.js';
import { strip, type ResolvedTarget } from './types.js';

/** One candidate as the scorer sees it. */
export interface ScoreInput {
  target: ResolvedTarget;
  stats: LatencyStats | undefined;
  /** Expected wait before a retry on this target after a failure; null when it makes no retries. */
  retryWaitMs: number | null;
}

export interface ScoreOptions {
  stream: boolean;
  nowMs: number;
  onError: OnErrorPolicy;
}

/**
 * A failure rate this high is scored as this: the geometric series of retries (1 / (1 - p)) has to
 * stay finite, and a provider failing 95% of calls is the circuit breaker's to stop, not the score's.
 */
const MAX_SCORED_FAILURE_RATE = 0.95;

/** Rounds of the fixed point (each target's continuation is another's expected time); converges fast since p < 1. */
const ROUNDS = 16;

/**
 * The expected time to a successful answer on each target, the caller's wait, failures included:
 *   E = L + p × (C + continuation)
 * L: the recent latency of an answer (TTFT when streaming), p: the recent failure rate, C: how long
 * a failed attempt took. After a failure the request either retries here after its backoff W
 * (continuation W + E itself, summed geometrically: E = (L + p(C + W)) / (1 - p)) or fails over to
 * the best other measured target (continuation: that target's E). `failover_first` takes whichever
 * is sooner (what the router does); `retry_first` retries while it can. Never-measured targets are
 * unknown (null): they rank first, to be measured, and are no one's continuation.
 */
export function scoreTargets(inputs: readonly ScoreInput[], options: ScoreOptions): TargetScore[] {
  const base = inputs.map((input) => {
    const successMs = successLatencyMs(input.stats, options.stream);
    return {
      input,
      successMs,
      failureRate: Math.min(MAX_SCORED_FAILURE_RATE, failureRateAt(input.stats, options.nowMs)),
      failureMs: input.stats?.failureEwmaMs ?? 0,
    };
  });
  const retryMs = base.map(({ input, successMs, failureRate, failureMs }) =>
    successMs === null || input.retryWaitMs === null ? null : (successMs + failureRate * (failureMs + input.retryWaitMs)) / (1 - failureRate),
  );
  // Start from "a failure costs only itself", then let each target's continuation be the others' current estimates.
  let expected = base.map(({ successMs, failureRate, failureMs }) => (successMs === null ? null : successMs + failureRate * failureMs));
  let continuation: Array<{ index: number; viaRetry: boolean } | null> = base.map(() => null);
  for (let round = 0; round < ROUNDS; round += 1) {
    const next = base.map(({ successMs, failureRate, failureMs }, index) => {
      if (successMs === null) return { value: null, via: null };
      const other = bestOther(expected, index);
      const viaOther = other === null ? null : successMs + failureRate * (failureMs + expected[other]!);
      const viaRetry = retryMs[index];
      const preferRetry = options.onError === 'retry_first' ? viaRetry !== null : viaRetry !== null && (viaOther === null || viaRetry < viaOther);
      if (preferRetry) return { value: viaRetry, via: { index, viaRetry: true } };
      if (viaOther !== null) return { value: viaOther, via: { index: other!, viaRetry: false } };
      // Nothing follows a failure: the request fails, which is not an answer; its expected time is the attempt's.
      return { value: successMs + failureRate * failureMs, via: null };
    });
    expected = next.map((entry) => entry.value);
    continuation = next.map((entry) => entry.via);
  }
  return base.map(({ input, successMs, failureRate, failureMs }, index) => {
    const via = continuation[index];
    const value = expected[index];
    const failing = successMs === Number.POSITIVE_INFINITY;
    const nextTarget: Target | null = via ? strip(inputs[via.index].target) : null;
    const nextMs = via ? (via.viaRetry ? value : expected[via.index]) : null;
    return {
      ...strip(input.target),
      expectedMs: finiteOrNull(value),
      successMs: finiteOrNull(successMs),
      failureRate,
      failureMs,
      retryWaitMs: via?.viaRetry ? (input.retryWaitMs ?? 0) : 0,
      next: nextTarget,
      nextMs: finiteOrNull(nextMs),
      failing,
    };
  });
}

function bestOther(expected: ReadonlyArray<number | null>, self: number): number | null {
  let best: number | null = null;
  expected.forEach((value, index) => {
    if (index === self || value === null || !Number.isFinite(value)) return;
    if (best === null || value < expected[best]!) best = index;
  });
  return best;
}

function finiteOrNull(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : value;
}

/**
 * Ranking order: never-measured first (configured order among them), then by expected time, the
 * failing last; ties keep configured order.
 */
export function compareScores(a: { score: TargetScore; index: number }, b: { score: TargetScore; index: number }): number {
  const rank = (entry: { score: TargetScore }) => (entry.score.failing ? 2 : entry.score.expectedMs === null ? 0 : 1);
  return rank(a) - rank(b) || (a.score.expectedMs ?? 0) - (b.score.expectedMs ?? 0) || a.index - b.index;
}

/** "77 ms (40 ms answer + 30% failing × (2 ms + mid 120 ms))": the expected time with its parts. */
export function describeScore(score: TargetScore): string {
  if (score.failing) return 'failing (no successful answer yet)';
  if (score.expectedMs === null || score.successMs === null) return 'not measured';
  if (score.failureRate < 0.005) return `${formatMs(score.expectedMs)} (no recent failures)`;
  const wait = score.retryWaitMs > 0 ? ` + ${formatMs(score.retryWaitMs)} wait` : '';
  const then = score.next === null ? '' : score.next.provider === score.provider && score.retryWaitMs > 0 ? ' + a retry' : ` + ${score.next.provider} ${score.nextMs === null ? '?' : formatMs(score.nextMs)}`;
  return `${formatMs(score.expectedMs)} (${formatMs(score.successMs)} answer + ${formatPercent(score.failureRate)} failing × (${formatMs(score.failureMs)} failure${wait}${then}))`;
}
