import { admit, circuitKey, circuitSettingsOf, isProviderFault, recordFailure, recordSuccess, type CircuitState } from '../../resilience/circuit-breaker.js';
import { latencyKey, recordLatency, type LatencyStats } from '../../resilience/latency-stats.js';
import { acquireLease, leaseKey, releaseLease, type LeaseState } from '../../resilience/leases.js';
import { blockUntil, correctReservation, isRateLimited, rateKey, reserve, type RateState } from '../../resilience/rate-limiter.js';
import type { AttemptStep } from '../../spec/attempt.js';

/**
 * The router's attempt steps over resilience/'s pure transitions. Admission runs them in this
 * order (an open circuit refuses before a rate slot is reserved, a lease is taken last); each owns
 * its key, so settlement order does not matter.
 */

/** Circuit breaker: an open circuit refuses; a half-open one lets one probe through; outcomes count. */
export const circuitStep: AttemptStep = {
  keys: (provider) => [circuitKey(provider)],
  admit(current, input, set) {
    const key = circuitKey(input.provider.name);
    const circuit = admit(current.get(key) as CircuitState | undefined, circuitSettingsOf(input.provider.failover), input.nowMs, input.holder, input.leaseTtlMs);
    if (!circuit.admitted) return { kind: 'circuit', reason: circuit.reason, waitMs: circuit.retryInMs, defer: false };
    if (circuit.probe) set[key] = circuit.state;
    return null;
  },
  settle(current, input, set) {
    const key = circuitKey(input.provider.name);
    const circuit = current.get(key) as CircuitState | undefined;
    const settings = circuitSettingsOf(input.provider.failover);
    const { outcome } = input;
    if (outcome.ok) {
      // Nothing to write for a circuit that is closed with no failures counted.
      if (circuit && (circuit.consecutiveFailures > 0 || circuit.openedAtMs !== undefined || circuit.probe)) set[key] = recordSuccess(circuit, settings, input.nowMs, input.holder);
      return;
    }
    const { error } = outcome;
    if (circuit || isProviderFault(error.errorClass)) set[key] = recordFailure(circuit, settings, input.nowMs, error.errorClass, error.message, input.holder);
  },
};

/** Rate limits: a slot (and its tokens) reserved per attempt, corrected with the real usage; a 429's retry-after blocks. */
export const rateLimitStep: AttemptStep = {
  keys: (provider) => [rateKey(provider)],
  admit(current, input, set) {
    const { provider } = input;
    const key = rateKey(provider.name);
    const state = current.get(key) as RateState | undefined;
    const limited = isRateLimited(provider.rateLimit);
    if (!limited && state?.blockedUntilMs === undefined) return null;
    const reservation = reserve(state, provider.rateLimit, provider.name, input.nowMs, input.attemptId, input.estimatedTokens);
    if (!reservation.ok) return { kind: 'rate', reason: reservation.message, waitMs: reservation.waitMs, defer: true };
    // Unlimited providers only keep the server's block (now passed), not a window of entries nobody reads.
    set[key] = limited ? reservation.state : { entries: [] };
    return null;
  },
  settle(current, input, set) {
    const key = rateKey(input.provider.name);
    const state = current.get(key) as RateState | undefined;
    const { outcome } = input;
    if (outcome.ok) {
      if (state) set[key] = correctReservation(state, input.attemptId, outcome.inputTokens + outcome.outputTokens, input.nowMs);
      return;
    }
    // A stream broken after text used what it delivered; any other failure is assumed to have used its input.
    const used = outcome.usage ? outcome.usage.inputTokens + outcome.usage.outputTokens : input.estimatedInputTokens;
    let next = state ? correctReservation(state, input.attemptId, used, input.nowMs) : undefined;
    if (outcome.error.errorClass === 'rate_limit' && outcome.error.retryAfterMs !== undefined) next = blockUntil(next, input.nowMs + outcome.error.retryAfterMs);
    if (next) set[key] = next;
  },
};

/** In-flight leases (least_connections, `strategies`): held for the call, expiring if a process dies. */
export const leaseStep: AttemptStep = {
  keys: (provider) => [leaseKey(provider)],
  admit(current, input, set) {
    const key = leaseKey(input.provider.name);
    set[key] = acquireLease(current.get(key) as LeaseState | undefined, input.attemptId, input.nowMs, input.leaseTtlMs);
    return null;
  },
  settle(current, input, set) {
    const key = leaseKey(input.provider.name);
    set[key] = releaseLease(current.get(key) as LeaseState | undefined, input.attemptId, input.nowMs);
  },
};

/** Latency statistics (performance_based): every answer, and every failure that is the provider's fault. */
export const latencyStep: AttemptStep = {
  keys: (provider) => [latencyKey(provider)],
  settle(current, input, set) {
    const key = latencyKey(input.provider.name);
    const { outcome } = input;
    if (outcome.ok) set[key] = recordLatency(current.get(key) as LatencyStats | undefined, { ok: true, latencyMs: outcome.latencyMs, ttftMs: outcome.ttftMs }, input.nowMs);
    else if (isProviderFault(outcome.error.errorClass)) set[key] = recordLatency(current.get(key) as LatencyStats | undefined, { ok: false, latencyMs: outcome.latencyMs }, input.nowMs);
  },
};

/** What the Router runs: breaker, rate limits, leases and latency, in admission order. */
export const ROUTER_STEPS: readonly AttemptStep[] = [circuitStep, rateLimitStep, leaseStep, latencyStep];
