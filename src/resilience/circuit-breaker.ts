import type { ErrorClass } from '../spec/errors.js';
import type { StateStore } from '../spec/state.js';
import { formatSeconds } from '../shared/format-duration.js';

/**
 * Per-provider circuit breaker, stored as plain JSON under `circuit:<provider>` so every process
 * sees the same circuit. All transitions are pure; the StateStore wrappers at the bottom are thin.
 *
 * closed --maxFailures consecutive provider faults--> open --recoveryTimeout passed--> half-open
 * half-open: exactly one probe (claimed atomically, with a lease in case the prober dies);
 * probe success --> closed, probe failure --> open again.
 */
export interface CircuitState {
  consecutiveFailures: number;
  /** Set while the circuit is open or half-open: when it (re)opened, ms since epoch. */
  openedAtMs?: number;
  /** The in-flight probe, if one is claimed. */
  probe?: { holder: string; expiresAtMs: number };
  /** The last counted failure, for `strategies` and `health`. */
  lastError?: string;
}

export type CircuitStatus = 'closed' | 'open' | 'half-open';

export interface CircuitSettings {
  /** Consecutive provider-fault failures that open the circuit. */
  maxFailures: number;
  /** How long an open circuit rejects calls before one probe, in ms. */
  recoveryTimeoutMs: number;
}

export function circuitKey(provider: string): string {
  return `circuit:${provider}`;
}

export const closedCircuit: CircuitState = { consecutiveFailures: 0 };

/** A caller's own mistake, a prompt the content filter refused, or a Ctrl-C says nothing about the provider's health. */
export function isProviderFault(errorClass: ErrorClass): boolean {
  return errorClass !== 'bad_request' && errorClass !== 'content_filter' && errorClass !== 'aborted' && errorClass !== 'unavailable';
}

export interface CircuitView {
  status: CircuitStatus;
  /** Open: ms until a probe may go; half-open with a probe in flight: ms until its lease expires; else 0. */
  retryInMs: number;
  consecutiveFailures: number;
  probeInFlight: boolean;
  lastError?: string;
}

export function viewCircuit(state: CircuitState | undefined, settings: CircuitSettings, nowMs: number): CircuitView {
  const current = state ?? closedCircuit;
  const base = { consecutiveFailures: current.consecutiveFailures, lastError: current.lastError };
  if (current.openedAtMs === undefined) return { ...base, status: 'closed', retryInMs: 0, probeInFlight: false };
  const probeAtMs = current.openedAtMs + settings.recoveryTimeoutMs;
  if (nowMs < probeAtMs) return { ...base, status: 'open', retryInMs: probeAtMs - nowMs, probeInFlight: false };
  const probeLive = current.probe !== undefined && current.probe.expiresAtMs > nowMs;
  return { ...base, status: 'half-open', retryInMs: probeLive ? current.probe!.expiresAtMs - nowMs : 0, probeInFlight: probeLive };
}

export type Admission =
  | { admitted: true; probe: boolean; state: CircuitState }
  | { admitted: false; reason: string; retryInMs: number; state: CircuitState };

/**
 * May a call go to this provider now? In half-open, the first caller claims the probe (holder,
 * lease of `probeLeaseMs`); everyone else is refused until the probe settles or its lease expires.
 */
export function admit(state: CircuitState | undefined, settings: CircuitSettings, nowMs: number, holder: string, probeLeaseMs: number): Admission {
  const current = state ?? closedCircuit;
  const view = viewCircuit(current, settings, nowMs);
  if (view.status === 'closed') return { admitted: true, probe: false, state: current };
  if (view.status === 'open') {
    return { admitted: false, reason: `circuit open after ${current.consecutiveFailures} consecutive failure(s); probe in ${formatSeconds(view.retryInMs)}`, retryInMs: view.retryInMs, state: current };
  }
  if (view.probeInFlight && current.probe!.holder !== holder) {
    return { admitted: false, reason: 'circuit half-open and another request is probing it', retryInMs: view.retryInMs, state: current };
  }
  return { admitted: true, probe: true, state: { ...current, probe: { holder, expiresAtMs: nowMs + probeLeaseMs } } };
}

/**
 * A successful call (or a healthy health check, `holder` undefined). Closed: the failure count
 * resets. Half-open: the probe's success closes the circuit (a health check counts as a probe).
 * Open: nothing changes: a late success from a call admitted before the circuit opened says nothing
 * about the provider now, and must not let traffic back in before the recovery timeout.
 */
export function recordSuccess(state: CircuitState | undefined, settings: CircuitSettings, nowMs: number, holder?: string): CircuitState {
  const current = state ?? closedCircuit;
  const view = viewCircuit(current, settings, nowMs);
  if (view.status === 'closed') return { consecutiveFailures: 0 };
  if (view.status === 'open') return current;
  const isProbe = holder === undefined || current.probe?.holder === holder;
  return isProbe ? { consecutiveFailures: 0 } : current;
}

/**
 * A failed call (or a down health check). Only provider faults count; a failed probe, or the
 * maxFailures-th consecutive fault, (re)opens the circuit at `nowMs`.
 */
export function recordFailure(state: CircuitState | undefined, settings: CircuitSettings, nowMs: number, errorClass: ErrorClass, message?: string, holder?: string): CircuitState {
  const current = state ?? closedCircuit;
  if (!isProviderFault(errorClass)) return releaseProbe(current, holder);
  const consecutiveFailures = current.consecutiveFailures + 1;
  const lastError = message ?? errorClass;
  const wasTripped = current.openedAtMs !== undefined;
  const view = viewCircuit(current, settings, nowMs);
  if (wasTripped && view.status === 'open') {
    // A late failure from a call admitted before the circuit opened must not push the probe back.
    return { ...current, consecutiveFailures, lastError };
  }
  if (wasTripped || consecutiveFailures >= settings.maxFailures) return { consecutiveFailures, openedAtMs: nowMs, lastError };
  return { consecutiveFailures, lastError };
}

/** Gives back a probe claim without a verdict (e.g. the caller's own request was at fault). */
export function releaseProbe(state: CircuitState, holder?: string): CircuitState {
  if (!state.probe || (holder !== undefined && state.probe.holder !== holder)) return state;
  const { probe: _probe, ...rest } = state;
  return rest;
}

// Thin StateStore wrappers, for callers outside the router (health checks).

export async function recordCircuitSuccess(store: StateStore, provider: string, settings: CircuitSettings, nowMs: number): Promise<CircuitState> {
  const key = circuitKey(provider);
  return store.update([key], (current) => {
    const next = recordSuccess(current.get(key) as CircuitState | undefined, settings, nowMs);
    return { set: { [key]: next }, result: next };
  });
}

export async function recordCircuitFailure(store: StateStore, provider: string, settings: CircuitSettings, nowMs: number, errorClass: ErrorClass = 'network', message?: string): Promise<CircuitState> {
  const key = circuitKey(provider);
  return store.update([key], (current) => {
    const next = recordFailure(current.get(key) as CircuitState | undefined, settings, nowMs, errorClass, message);
    return { set: { [key]: next }, result: next };
  });
}

export async function readCircuit(store: StateStore, provider: string, settings: CircuitSettings, nowMs: number): Promise<CircuitView> {
  return viewCircuit(await store.get<CircuitState>(circuitKey(provider)), settings, nowMs);
}

/** ProviderConfig.failover (seconds) -> breaker settings (ms). */
export function circuitSettingsOf(failover: { maxFailures: number; recoveryTimeoutS: number }): CircuitSettings {
  return { maxFailures: failover.maxFailures, recoveryTimeoutMs: failover.recoveryTimeoutS * 1000 };
}
