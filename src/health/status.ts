import type { ErrorClass } from '../spec/errors.js';

/**
 * healthy: answered within the slow threshold.
 * degraded: answered, but slower than the threshold, or pushed back with 429/529 (up, but not serving well).
 * down: failed or timed out.
 * unconfigured: cannot be checked at all (e.g. its API key is not set).
 */
export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'unconfigured';

export const HEALTH_STATUSES: readonly HealthStatus[] = ['healthy', 'degraded', 'down', 'unconfigured'];

/** Default check timeout: a hanging provider is reported down after this. */
export const DEFAULT_CHECK_TIMEOUT_MS = 5000;

/**
 * Default slow threshold. An absolute bound rather than a multiple of the ledger's p50: a model-list
 * ping and a chat completion measure different things, so comparing one to the other misleads.
 */
export const DEFAULT_DEGRADED_LATENCY_MS = 2000;

/**
 * Errors that mean "the provider is there but refusing work for now": the check reports degraded
 * rather than down, and the circuit is left alone (the router already backs off on them).
 */
const PUSHBACK_CLASSES: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['rate_limit', 'overloaded']);

export interface CheckOutcomeInput {
  ok: boolean;
  latencyMs: number;
  errorClass?: ErrorClass | null;
}

export function classifyCheck(outcome: CheckOutcomeInput, degradedLatencyMs: number = DEFAULT_DEGRADED_LATENCY_MS): HealthStatus {
  if (!outcome.ok) return outcome.errorClass && PUSHBACK_CLASSES.has(outcome.errorClass) ? 'degraded' : 'down';
  return outcome.latencyMs > degradedLatencyMs ? 'degraded' : 'healthy';
}

/** `health` exits 4 only when something is down: degraded still serves and unconfigured is a setup note. */
export function isFailing(status: HealthStatus): boolean {
  return status === 'down';
}
