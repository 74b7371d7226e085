import { circuitKey, circuitSettingsOf, viewCircuit, type CircuitState, type CircuitStatus } from '../resilience/circuit-breaker.js';
import { latencyKey, type LatencyStats } from '../resilience/latency-stats.js';
import { inFlight, leaseKey, type LeaseState } from '../resilience/leases.js';
import { rateKey, reserve, viewRate, type RateHeadroom, type RateState } from '../resilience/rate-limiter.js';
import type { ProviderConfig } from '../spec/config.js';
import type { StateStore } from '../spec/state.js';
import type { ResolvedTarget } from './strategies/types.js';
import { formatSeconds } from '../shared/format-duration.js';

/** One target's live state, as `llmx strategies` and `explain` show it. */
export interface TargetStatus {
  provider: string;
  model: string;
  circuit: CircuitStatus;
  /** Open: ms until the probe; half-open with a probe in flight: ms until its lease ends; else 0. */
  circuitRetryInMs: number;
  consecutiveFailures: number;
  rate: RateHeadroom;
  /** Live leases across processes. */
  inFlight: number;
  /** EWMA of total latency, ms; null when never measured. */
  latencyEwmaMs: number | null;
  /** EWMA of time to first token, ms; null when never measured. */
  ttftEwmaMs: number | null;
  /** Whether a call could go to this target right now. */
  available: boolean;
  /** Why not, when unavailable (or excluded). */
  reason?: string;
}

/** Reads one provider's keys and summarises them; reads only, never writes. */
export async function readTargetStatus(state: StateStore, provider: ProviderConfig, target: ResolvedTarget, nowMs: number, estimatedTokens: number): Promise<TargetStatus> {
  const [circuitState, rateState, leaseState, latency] = await Promise.all([
    state.get<CircuitState>(circuitKey(provider.name)),
    state.get<RateState>(rateKey(provider.name)),
    state.get<LeaseState>(leaseKey(provider.name)),
    state.get<LatencyStats>(latencyKey(provider.name)),
  ]);
  const circuit = viewCircuit(circuitState, circuitSettingsOf(provider.failover), nowMs);
  let reason: string | undefined;
  if (provider.unavailableReason) reason = provider.unavailableReason;
  else if (circuit.status === 'open') reason = `circuit open; probe in ${formatSeconds(circuit.retryInMs)}`;
  else if (circuit.probeInFlight) reason = 'circuit half-open; another request is probing it';
  else {
    const reservation = reserve(rateState, provider.rateLimit, provider.name, nowMs, 'explain', estimatedTokens);
    if (!reservation.ok) reason = reservation.message;
  }
  const status: TargetStatus = {
    provider: provider.name,
    model: target.model,
    circuit: circuit.status,
    circuitRetryInMs: circuit.retryInMs,
    consecutiveFailures: circuit.consecutiveFailures,
    rate: viewRate(rateState, provider.rateLimit, nowMs),
    inFlight: inFlight(leaseState, nowMs),
    latencyEwmaMs: latency?.totalEwmaMs ?? null,
    ttftEwmaMs: latency?.ttftEwmaMs ?? null,
    available: reason === undefined,
  };
  if (reason !== undefined) status.reason = reason;
  return status;
}
