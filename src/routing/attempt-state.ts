import { admit, circuitKey, circuitSettingsOf, isProviderFault, recordFailure, recordSuccess, type CircuitState } from '../resilience/circuit-breaker.js';
import { recordLatency, latencyKey, type LatencyStats } from '../resilience/latency-stats.js';
import { acquireLease, leaseKey, releaseLease, type LeaseState } from '../resilience/leases.js';
import { blockUntil, correctReservation, isRateLimited, rateKey, reserve, type RateState } from '../resilience/rate-limiter.js';
import type { ProviderConfig } from '../spec/config.js';
import type { ProviderCallError } from '../spec/errors.js';
import type { StateChange } from '../spec/state.js';
import { DEFAULT_TOKEN_WINDOW_S, recordTokens, tokenBalanceKey, type TokenWindowState } from './strategies/token-balance.js';

/**
 * The two state transitions of one attempt, each one atomic StateStore update over the provider's
 * keys: admission (circuit, rate window, lease) before the call, settlement after it. Pure: state in,
 * change out.
 */
export function admissionKeys(provider: string): string[] {
  return [circuitKey(provider), rateKey(provider), leaseKey(provider)];
}

export interface AdmissionInput {
  provider: ProviderConfig;
  nowMs: number;
  /** Unique per attempt: the lease and rate reservation id. */
  attemptId: string;
  /** The request id: who holds a half-open probe. */
  holder: string;
  /** Input plus max output tokens, reserved against tokens_per_minute. */
  estimatedTokens: number;
  /** Lease (and probe claim) lifetime: the attempt timeout plus a margin. */
  leaseTtlMs: number;
}

export type AttemptAdmission =
  | { admitted: true; probe: boolean }
  | { admitted: false; kind: 'circuit' | 'rate'; reason: string; waitMs: number };

export function admitAttempt(current: ReadonlyMap<string, unknown>, input: AdmissionInput): StateChange<AttemptAdmission> {
  const { provider, nowMs } = input;
  const keys = { circuit: circuitKey(provider.name), rate: rateKey(provider.name), lease: leaseKey(provider.name) };
  const circuit = admit(current.get(keys.circuit) as CircuitState | undefined, circuitSettingsOf(provider.failover), nowMs, input.holder, input.leaseTtlMs);
  if (!circuit.admitted) return { result: { admitted: false, kind: 'circuit', reason: circuit.reason, waitMs: circuit.retryInMs } };
  const rateState = current.get(keys.rate) as RateState | undefined;
  let nextRate: RateState | undefined;
  if (isRateLimited(provider.rateLimit) || rateState?.blockedUntilMs !== undefined) {
    const reservation = reserve(rateState, provider.rateLimit, provider.name, nowMs, input.attemptId, input.estimatedTokens);
    if (!reservation.ok) return { result: { admitted: false, kind: 'rate', reason: reservation.message, waitMs: reservation.waitMs } };
    // Unlimited providers only keep the server's block (now passed), not a window of entries nobody reads.
    nextRate = isRateLimited(provider.rateLimit) ? reservation.state : { entries: [] };
  }
  const set: Record<string, unknown> = {
    [keys.lease]: acquireLease(current.get(keys.lease) as LeaseState | undefined, input.attemptId, nowMs, input.leaseTtlMs),
  };
  if (circuit.probe) set[keys.circuit] = circuit.state;
  if (nextRate) set[keys.rate] = nextRate;
  return { set, result: { admitted: true, probe: circuit.probe } };
}

export type AttemptOutcome =
  | { ok: true; inputTokens: number; outputTokens: number; latencyMs: number; ttftMs: number | null }
  | { ok: false; error: ProviderCallError };

export interface SettlementInput {
  provider: ProviderConfig;
  nowMs: number;
  attemptId: string;
  holder: string;
  /** Estimated input tokens: what a failed call is assumed to have used of tokens_per_minute. */
  estimatedInputTokens: number;
  outcome: AttemptOutcome;
  /** Set when the request came through a token_balance strategy: its usage counts there too. */
  tokenBalance?: { strategy: string; windowS?: number };
}

export function settlementKeys(provider: string, tokenBalance?: { strategy: string }): string[] {
  const keys = [...admissionKeys(provider), latencyKey(provider)];
  if (tokenBalance) keys.push(tokenBalanceKey(tokenBalance.strategy, provider));
  return keys;
}

export function settleAttempt(current: ReadonlyMap<string, unknown>, input: SettlementInput): StateChange<void> {
  const { provider, nowMs, outcome } = input;
  const keys = { circuit: circuitKey(provider.name), rate: rateKey(provider.name), lease: leaseKey(provider.name), latency: latencyKey(provider.name) };
  const set: Record<string, unknown> = {};
  const circuit = current.get(keys.circuit) as CircuitState | undefined;
  const rate = current.get(keys.rate) as RateState | undefined;
  set[keys.lease] = releaseLease(current.get(keys.lease) as LeaseState | undefined, input.attemptId, nowMs);

  if (outcome.ok) {
    if (circuit && (circuit.consecutiveFailures > 0 || circuit.openedAtMs !== undefined || circuit.probe)) set[keys.circuit] = recordSuccess(circuit, circuitSettingsOf(provider.failover), nowMs, input.holder);
    if (rate) set[keys.rate] = correctReservation(rate, input.attemptId, outcome.inputTokens + outcome.outputTokens, nowMs);
    set[keys.latency] = recordLatency(current.get(keys.latency) as LatencyStats | undefined, { ok: true, latencyMs: outcome.latencyMs, ttftMs: outcome.ttftMs }, nowMs);
    if (input.tokenBalance) {
      const key = tokenBalanceKey(input.tokenBalance.strategy, provider.name);
      set[key] = recordTokens(current.get(key) as TokenWindowState | undefined, outcome.inputTokens + outcome.outputTokens, nowMs, input.tokenBalance.windowS ?? DEFAULT_TOKEN_WINDOW_S);
    }
    return { set, result: undefined };
  }

  const { error } = outcome;
  const nextCircuit = recordFailure(circuit, circuitSettingsOf(provider.failover), nowMs, error.errorClass, error.message, input.holder);
  if (circuit || isProviderFault(error.errorClass)) set[keys.circuit] = nextCircuit;
  let nextRate = rate ? correctReservation(rate, input.attemptId, input.estimatedInputTokens, nowMs) : undefined;
  if (error.errorClass === 'rate_limit' && error.retryAfterMs !== undefined) nextRate = blockUntil(nextRate, nowMs + error.retryAfterMs);
  if (nextRate) set[keys.rate] = nextRate;
  if (isProviderFault(error.errorClass)) {
    set[keys.latency] = recordLatency(current.get(keys.latency) as LatencyStats | undefined, { ok: false }, nowMs);
  }
  return { set, result: undefined };
}
