import type { StateStore } from '../spec/state.js';

/**
 * Recent latency per provider, stored under `latency:<provider>`: exponentially weighted moving
 * averages of total latency and of time to first token, plus a moving failure rate, so
 * performance_based routing follows the provider's current behaviour rather than its history.
 */
export interface LatencyStats {
  /** EWMA of whole-call latency of successful calls, ms; null before the first sample. */
  totalEwmaMs: number | null;
  /** EWMA of time to first token of successful streams, ms; null before the first sample. */
  ttftEwmaMs: number | null;
  /** EWMA of 1 (failure) / 0 (success). */
  failureRate: number;
  samples: number;
  failures: number;
  lastAtMs: number;
}

/** Weight of the newest latency sample: about the last 10 calls dominate. */
export const LATENCY_ALPHA = 0.2;
/**
 * Weight of the newest outcome in the failure rate: slower than latency, so a provider failing 30%
 * of calls does not swing between "fine" and "broken" on a short run of bad luck.
 */
export const FAILURE_ALPHA = 0.1;
/** A never-successful provider is explored first until it has failed this many times. */
export const UNMEASURED_FAILURES_TO_GIVE_UP = 3;
/** How much a failure rate of 1 inflates the ranking latency: a provider failing every call looks (1 + 2) = 3x slower. */
export const FAILURE_PENALTY = 2;

export function latencyKey(provider: string): string {
  return `latency:${provider}`;
}

export type LatencySample = { ok: true; latencyMs: number; ttftMs: number | null } | { ok: false };

export function recordLatency(stats: LatencyStats | undefined, sample: LatencySample, nowMs: number, alpha = LATENCY_ALPHA): LatencyStats {
  const current: LatencyStats = stats ?? { totalEwmaMs: null, ttftEwmaMs: null, failureRate: 0, samples: 0, failures: 0, lastAtMs: nowMs };
  const blend = (previous: number | null, value: number) => (previous === null ? value : previous + alpha * (value - previous));
  // The failure rate starts from 0 (a prior of "works"), so one early failure is not read as "always fails".
  const failureRate = current.failureRate + FAILURE_ALPHA * ((sample.ok ? 0 : 1) - current.failureRate);
  if (!sample.ok) return { ...current, failureRate, failures: current.failures + 1, lastAtMs: nowMs };
  return {
    totalEwmaMs: blend(current.totalEwmaMs, sample.latencyMs),
    ttftEwmaMs: sample.ttftMs === null ? current.ttftEwmaMs : blend(current.ttftEwmaMs, sample.ttftMs),
    failureRate,
    samples: current.samples + 1,
    failures: current.failures,
    lastAtMs: nowMs,
  };
}

/**
 * The latency performance_based ranks by: the recent typical latency, inflated by the failure rate
 * (x (1 + 2 * failureRate)). This ranks by what a caller usually waits (the median), not the mean:
 * a 40 ms provider failing 30% of calls still beats a 120 ms one, because most calls get 40 ms.
 * A provider that fails every call is the circuit breaker's job, not this ranking's.
 * null = not measured yet (explored first); a provider that has only ever failed ranks last
 * once it has failed UNMEASURED_FAILURES_TO_GIVE_UP times.
 */
export function effectiveLatencyMs(stats: LatencyStats | undefined, stream: boolean): number | null {
  if (!stats) return null;
  const base = stream ? (stats.ttftEwmaMs ?? stats.totalEwmaMs) : stats.totalEwmaMs;
  if (base === null) return stats.failures >= UNMEASURED_FAILURES_TO_GIVE_UP ? Number.MAX_SAFE_INTEGER : null;
  return base * (1 + FAILURE_PENALTY * stats.failureRate);
}

/** Thin wrapper for health checks: records one probe's outcome. */
export async function recordLatencySample(store: StateStore, provider: string, sample: LatencySample, nowMs: number): Promise<LatencyStats> {
  const key = latencyKey(provider);
  return store.update([key], (current) => {
    const next = recordLatency(current.get(key) as LatencyStats | undefined, sample, nowMs);
    return { set: { [key]: next }, result: next };
  });
}
