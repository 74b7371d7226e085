import type { StateStore } from '../spec/state.js';

/**
 * Recent latency per provider, stored under `latency:<provider>`: exponentially weighted moving
 * averages of total latency and of time to first token, of how long a failed attempt took, and a
 * moving failure rate, so performance_based routing follows the provider's current behaviour rather
 * than its history. Every strategy's attempts feed it (a provider's speed is the provider's, and the
 * fail-over-first rule reads it for every strategy type); health probes too.
 */
export interface LatencyStats {
  /** EWMA of whole-call latency of successful calls, ms; null before the first sample. */
  totalEwmaMs: number | null;
  /** EWMA of time to first token of successful streams, ms; null before the first sample. */
  ttftEwmaMs: number | null;
  /** EWMA of how long a failed attempt took before it failed, ms; null (absent in older state) before the first. */
  failureEwmaMs?: number | null;
  /** EWMA of 1 (failure) / 0 (success), as of `lastAtMs` (read it through `failureRateAt`). */
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
/**
 * The failure rate halves for every minute without an outcome: a provider that failed a burst and
 * then was left alone (by the ranking, or because nobody called) is not remembered as failing
 * forever; it is tried again and measured.
 */
export const FAILURE_HALF_LIFE_MS = 60_000;
/** A never-successful provider is explored first until it has failed this many times. */
export const UNMEASURED_FAILURES_TO_GIVE_UP = 3;

export function latencyKey(provider: string): string {
  return `latency:${provider}`;
}

/** One outcome; a failure's `latencyMs` is how long the attempt took to fail (absent: a health probe). */
export type LatencySample = { ok: true; latencyMs: number; ttftMs: number | null } | { ok: false; latencyMs?: number };

/** The failure rate at `nowMs`: the stored EWMA decayed by the time since its last outcome. */
export function failureRateAt(stats: LatencyStats | undefined, nowMs: number): number {
  if (!stats) return 0;
  const idleMs = Math.max(0, nowMs - stats.lastAtMs);
  return stats.failureRate * Math.pow(0.5, idleMs / FAILURE_HALF_LIFE_MS);
}

export function recordLatency(stats: LatencyStats | undefined, sample: LatencySample, nowMs: number, alpha = LATENCY_ALPHA): LatencyStats {
  const current: LatencyStats = stats ?? { totalEwmaMs: null, ttftEwmaMs: null, failureEwmaMs: null, failureRate: 0, samples: 0, failures: 0, lastAtMs: nowMs };
  const blend = (previous: number | null | undefined, value: number) => (previous === null || previous === undefined ? value : previous + alpha * (value - previous));
  // The failure rate starts from 0 (a prior of "works"), so one early failure is not read as "always fails".
  const previousRate = failureRateAt(current, nowMs);
  const failureRate = previousRate + FAILURE_ALPHA * ((sample.ok ? 0 : 1) - previousRate);
  if (!sample.ok) {
    const failureEwmaMs = sample.latencyMs === undefined ? (current.failureEwmaMs ?? null) : blend(current.failureEwmaMs, sample.latencyMs);
    return { ...current, failureEwmaMs, failureRate, failures: current.failures + 1, lastAtMs: nowMs };
  }
  return {
    totalEwmaMs: blend(current.totalEwmaMs, sample.latencyMs),
    ttftEwmaMs: sample.ttftMs === null ? current.ttftEwmaMs : blend(current.ttftEwmaMs, sample.ttftMs),
    failureEwmaMs: current.failureEwmaMs ?? null,
    failureRate,
    samples: current.samples + 1,
    failures: current.failures,
    lastAtMs: nowMs,
  };
}

/**
 * What a successful answer typically takes: time to first token for streams (when measured),
 * whole-call latency otherwise. null = not measured yet; Infinity = a provider that has only ever
 * failed, once it has failed UNMEASURED_FAILURES_TO_GIVE_UP times (before that it is explored).
 */
export function successLatencyMs(stats: LatencyStats | undefined, stream: boolean): number | null {
  if (!stats) return null;
  const base = stream ? (stats.ttftEwmaMs ?? stats.totalEwmaMs) : stats.totalEwmaMs;
  if (base === null) return stats.failures >= UNMEASURED_FAILURES_TO_GIVE_UP ? Number.POSITIVE_INFINITY : null;
  return base;
}

/** Thin wrapper for health checks: records one probe's outcome. */
export async function recordLatencySample(store: StateStore, provider: string, sample: LatencySample, nowMs: number): Promise<LatencyStats> {
  const key = latencyKey(provider);
  return store.update([key], (current) => {
    const next = recordLatency(current.get(key) as LatencyStats | undefined, sample, nowMs);
    return { set: { [key]: next }, result: next };
  });
}
