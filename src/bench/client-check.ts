import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClientReport, ClientVerdict, MetricSummary } from './types.js';
import { formatPercent } from '../shared/format-percent.js';

/** Timer period of the event-loop monitor (ms): coarse enough to cost nothing on the hot path. */
const RESOLUTION_MS = 10;

/** Event-loop delay p99 (ms) above which the client may be inflating TTFT. */
export const WARN_EVENT_LOOP_DELAY_MS = 10;
/** Open-loop dispatch delay p99 (ms) above which sends are visibly late. */
export const WARN_DISPATCH_DELAY_MS = 10;
/** An open loop that achieved less than this share of its intended rate measured a different load. */
export const MIN_ACHIEVED_RATE_SHARE = 0.95;

export interface EventLoopDelay {
  p99Ms: number | null;
  maxMs: number | null;
}

/** Watches the event loop for the length of a run; `stop()` returns the delay beyond the timer period. */
export function startEventLoopMonitor(): { stop(): EventLoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      if (histogram.count === 0) return { p99Ms: null, maxMs: null };
      // Node records the whole timer interval, so the resolution itself is not delay.
      const delayMs = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
      return { p99Ms: delayMs(histogram.percentile(99)), maxMs: delayMs(histogram.max) };
    },
  };
}

export interface VerdictInput {
  eventLoop: EventLoopDelay;
  /** Open loop only. */
  dispatchDelay: MetricSummary | null;
  /** Open loop only: nominal rate over all targets, and the rates of the schedule and of the actual sends. */
  targetRatePerS: number | null;
  intendedRatePerS: number | null;
  achievedRatePerS: number | null;
}

/**
 * ok; warn when the client itself was slow enough to distort latencies; invalid when an open loop
 * could not send at its rate (the load measured is not the load asked for).
 */
export function clientVerdict(input: VerdictInput): Omit<ClientReport, 'cpu_ms_per_request'> {
  const reasons: string[] = [];
  let verdict: ClientVerdict = 'ok';
  const round = (value: number) => Math.round(value * 100) / 100;
  if (input.eventLoop.p99Ms !== null && input.eventLoop.p99Ms > WARN_EVENT_LOOP_DELAY_MS) {
    verdict = 'warn';
    reasons.push(`event-loop delay p99 ${round(input.eventLoop.p99Ms)} ms > ${WARN_EVENT_LOOP_DELAY_MS} ms: the client may inflate latencies`);
  }
  const dispatchP99 = input.dispatchDelay?.p99 ?? null;
  if (dispatchP99 !== null && dispatchP99 > WARN_DISPATCH_DELAY_MS) {
    verdict = 'warn';
    reasons.push(`dispatch delay p99 ${round(dispatchP99)} ms > ${WARN_DISPATCH_DELAY_MS} ms: requests left late`);
  }
  if (input.intendedRatePerS !== null && input.achievedRatePerS !== null && input.achievedRatePerS < input.intendedRatePerS * MIN_ACHIEVED_RATE_SHARE) {
    verdict = 'invalid';
    reasons.push(
      `achieved ${round(input.achievedRatePerS)} req/s, short of the scheduled ${round(input.intendedRatePerS)} req/s by more than ${formatPercent(1 - MIN_ACHIEVED_RATE_SHARE)}`,
    );
  }
  return {
    verdict,
    reasons,
    event_loop_delay_ms_p99: input.eventLoop.p99Ms,
    event_loop_delay_ms_max: input.eventLoop.maxMs,
    dispatch_delay_ms: input.dispatchDelay,
    target_rate_per_s: input.targetRatePerS,
    achieved_rate_per_s: input.achievedRatePerS,
  };
}
