/**
 * In-flight counting across processes, stored under `lease:<provider>`: each attempt holds a lease
 * that expires, so a process that crashes mid-call frees its slot after the TTL instead of never.
 */
export interface LeaseState {
  /** lease id -> expiry, ms since epoch. */
  leases: Record<string, number>;
}

export function leaseKey(provider: string): string {
  return `lease:${provider}`;
}

/** Extra time beyond the attempt timeout before a lease is presumed abandoned. */
export const LEASE_MARGIN_MS = 5_000;

export function liveLeases(state: LeaseState | undefined, nowMs: number): LeaseState {
  const leases: Record<string, number> = {};
  for (const [id, expiresAtMs] of Object.entries(state?.leases ?? {})) if (expiresAtMs > nowMs) leases[id] = expiresAtMs;
  return { leases };
}

export function inFlight(state: LeaseState | undefined, nowMs: number): number {
  return Object.keys(liveLeases(state, nowMs).leases).length;
}

export function acquireLease(state: LeaseState | undefined, id: string, nowMs: number, ttlMs: number): LeaseState {
  const live = liveLeases(state, nowMs);
  return { leases: { ...live.leases, [id]: nowMs + ttlMs } };
}

export function releaseLease(state: LeaseState | undefined, id: string, nowMs: number): LeaseState {
  const live = liveLeases(state, nowMs);
  delete live.leases[id];
  return live;
}
