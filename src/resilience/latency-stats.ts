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

/** Weight of the newest sample: about the last 10 calls dominate. */
export const LATENCY_ALPHA = 0.2;

export function latencyKey(provider: string): string {
  return `latency:${provider}`;
}

export type LatencySample = { ok: true; latencyMs: number; ttftMs: number | null } | { ok: false };

export function recordLatency(stats: LatencyStats | undefined, sample: LatencySample, nowMs: number, alpha = LATENCY_ALPHA): LatencyStats {
  const current: LatencyStats = stats ?? { totalEwmaMs: null, ttftEwmaMs: null, failureRate: 0, samples: 0, failures: 0, lastAtMs: nowMs };
  const blend = (previous: number | null, value: number) => (previous === null ? value : previous + alpha * (value - previous));
  if (!sample.ok) {
    return { ...current, failureRate: blend(current.samples + current.failures === 0 ? null : current.failureRate, 1), failures: current.failures + 1, lastAtMs: nowMs };
  }
  return {
    totalEwmaMs: blend(current.totalEwmaMs, sample.latencyMs),
    ttftEwmaMs: sample.ttftMs === null ? current.ttftEwmaMs : blend(current.ttftEwmaMs, sample.ttftMs),
    failureRate: blend(current.samples + current.failures === 0 ? null : current.failureRate, 0),
    samples: current.samples + 1,
    failures: current.failures,
    lastAtMs: nowMs,
  };
}

/**
 * The latency performance_based ranks by: the expected time per successful answer, if every try
 * costs about the average latency (ewma / (1 - failureRate)). A provider failing 30% of calls looks
 * 1.4x slower; one failing every call looks 20x slower (capped so it still ranks, last).
 * null when never measured.
 */
export function effectiveLatencyMs(stats: LatencyStats | undefined, stream: boolean): number | null {
  if (!stats) return null;
  const base = stream ? (stats.ttftEwmaMs ?? stats.totalEwmaMs) : stats.totalEwmaMs;
  if (base === null) return stats.failures > 0 ? Number.MAX_SAFE_INTEGER : null;
  return base / Math.max(0.05, 1 - stats.failureRate);
}

/** Thin wrapper for health checks: records one probe's outcome. */
export async function recordLatencySample(store: StateStore, provider: string, sample: LatencySample, nowMs: number): Promise<LatencyStats> {
  const key = latencyKey(provider);
  return store.update([key], (current) => {
    const next = recordLatency(current.get(key) as LatencyStats | undefined, sample, nowMs);
    return { set: { [key]: next }, result: next };
  });
}
