import type { RateLimitConfig } from '../spec/config.js';
import { formatSeconds } from '../shared/format-duration.js';

/**
 * Client-side rate limits shared by every llmx process, stored under `rate:<provider>`: a sliding
 * 60 s window of reservations. A request reserves its estimated tokens (input + max output) before
 * it is sent; the reservation is corrected with the real usage afterwards. A 429's retry-after
 * blocks the provider for everyone until then. All transitions are pure.
 */
export interface RateState {
  /** Reservations inside the window, oldest first. */
  entries: Array<{ id: string; atMs: number; tokens: number }>;
  /** Set from a 429's retry-after / reset: nobody calls before this, ms since epoch. */
  blockedUntilMs?: number;
}

export const RATE_WINDOW_MS = 60_000;

export type RateLimitName = 'requests_per_minute' | 'tokens_per_minute' | 'retry_after';

export type Reservation =
  | { ok: true; state: RateState }
  | { ok: false; limit: RateLimitName; waitMs: number; message: string; state: RateState };

export function rateKey(provider: string): string {
  return `rate:${provider}`;
}

export function isRateLimited(limits: RateLimitConfig): boolean {
  return limits.requestsPerMinute !== undefined || limits.tokensPerMinute !== undefined;
}

/** Drops reservations that have left the window and a block that has passed. */
export function pruneRate(state: RateState | undefined, nowMs: number): RateState {
  const entries = (state?.entries ?? []).filter((entry) => entry.atMs > nowMs - RATE_WINDOW_MS);
  const blocked = state?.blockedUntilMs !== undefined && state.blockedUntilMs > nowMs ? { blockedUntilMs: state.blockedUntilMs } : {};
  return { entries, ...blocked };
}

/** Reserves one request of `tokens` estimated tokens at `nowMs`, or says which limit and how long until a slot frees. */
export function reserve(state: RateState | undefined, limits: RateLimitConfig, provider: string, nowMs: number, id: string, tokens: number): Reservation {
  const current = pruneRate(state, nowMs);
  const refusal = checkLimits(current, limits, provider, nowMs, tokens);
  if (refusal) return { ok: false, ...refusal, state: current };
  return { ok: true, state: { ...current, entries: [...current.entries, { id, atMs: nowMs, tokens }] } };
}

function checkLimits(current: RateState, limits: RateLimitConfig, provider: string, nowMs: number, tokens: number): { limit: RateLimitName; waitMs: number; message: string } | null {
  if (current.blockedUntilMs !== undefined) {
    const waitMs = current.blockedUntilMs - nowMs;
    return { limit: 'retry_after', waitMs, message: `${provider}: rate limited by the server; next slot in ${formatSeconds(waitMs)}` };
  }
  const { requestsPerMinute, tokensPerMinute } = limits;
  if (requestsPerMinute !== undefined && current.entries.length >= requestsPerMinute) {
    // The window must shed enough of its oldest requests to leave one slot free.
    const freeingEntry = current.entries[current.entries.length - requestsPerMinute];
    const waitMs = freeingEntry.atMs + RATE_WINDOW_MS - nowMs;
    return { limit: 'requests_per_minute', waitMs, message: `${provider}: requests_per_minute ${requestsPerMinute} reached; next slot in ${formatSeconds(waitMs)}` };
  }
  if (tokensPerMinute !== undefined && current.entries.length > 0) {
    let usedTokens = current.entries.reduce((sum, entry) => sum + entry.tokens, 0);
    // An empty window admits even a request larger than the whole allowance: waiting could never help it.
    if (usedTokens + tokens > tokensPerMinute) {
      let waitMs = 0;
      for (const entry of current.entries) {
        usedTokens -= entry.tokens;
        waitMs = entry.atMs + RATE_WINDOW_MS - nowMs;
        if (usedTokens + tokens <= tokensPerMinute) break;
      }
      return { limit: 'tokens_per_minute', waitMs, message: `${provider}: tokens_per_minute ${tokensPerMinute} reached; next slot in ${formatSeconds(waitMs)}` };
    }
  }
  return null;
}

/**
 * Replaces a reservation's estimate with the tokens the call really used. With `settledAtMs`, the
 * reservation is also moved to the end of the attempt: the server counted the request when it
 * arrived, somewhere between admission and settlement, so a window anchored at admission can free a
 * slot up to one admission-to-arrival delay early (measured: 61-64 arrivals in a 60 s window at the
 * server with 4 processes on 60/min). Anchored at the end, the next request cannot reach the server
 * within 60 s of this one's arrival.
 */
export function correctReservation(state: RateState | undefined, id: string, actualTokens: number, settledAtMs?: number): RateState {
  const entries = (state?.entries ?? []).map((entry) =>
    entry.id === id ? { ...entry, tokens: actualTokens, atMs: settledAtMs === undefined ? entry.atMs : Math.max(entry.atMs, settledAtMs) } : entry,
  );
  // checkLimits reads the window oldest first; a long call settling late moves its entry back.
  if (settledAtMs !== undefined) entries.sort((a, b) => a.atMs - b.atMs);
  return { ...(state ?? {}), entries };
}

/** The server said "not before untilMs" (429 retry-after or reset headers): block for every process. */
export function blockUntil(state: RateState | undefined, untilMs: number): RateState {
  const current = state ?? { entries: [] };
  return { ...current, blockedUntilMs: Math.max(current.blockedUntilMs ?? 0, untilMs) };
}

export interface RateHeadroom {
  requestsPerMinute: number | null;
  requestsUsed: number;
  /** null when unlimited. */
  requestsRemaining: number | null;
  tokensPerMinute: number | null;
  tokensUsed: number;
  tokensRemaining: number | null;
  /** ms until the server's block lifts; 0 when not blocked. */
  blockedForMs: number;
}

export function viewRate(state: RateState | undefined, limits: RateLimitConfig, nowMs: number): RateHeadroom {
  const current = pruneRate(state, nowMs);
  const tokensUsed = current.entries.reduce((sum, entry) => sum + entry.tokens, 0);
  return {
    requestsPerMinute: limits.requestsPerMinute ?? null,
    requestsUsed: current.entries.length,
    requestsRemaining: limits.requestsPerMinute !== undefined ? Math.max(0, limits.requestsPerMinute - current.entries.length) : null,
    tokensPerMinute: limits.tokensPerMinute ?? null,
    tokensUsed,
    tokensRemaining: limits.tokensPerMinute !== undefined ? Math.max(0, limits.tokensPerMinute - tokensUsed) : null,
    blockedForMs: current.blockedUntilMs !== undefined ? current.blockedUntilMs - nowMs : 0,
  };
}
