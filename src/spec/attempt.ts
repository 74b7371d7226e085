import type { Usage } from './chat.js';
import type { ProviderConfig } from './config.js';
import type { ProviderCallError } from './errors.js';
import type { Target } from './events.js';

/**
 * One concern of the shared state an attempt passes through (the circuit, the rate window, the
 * lease, latency statistics, a strategy's own counters, a budget reservation). The attempt executor
 * (src/routing/attempt/) runs every step's `admit` in ONE StateStore update before the call and
 * every step's `settle` in ONE update after it, over the union of their keys; with no steps it runs
 * no transaction at all. Pure: state in, writes out (a backend may re-run a step on conflict).
 */
export interface AttemptStep {
  /** The keys this step reads and writes for attempts on `provider`. */
  keys(provider: string): readonly string[];
  /** Before the call: a refusal (then nothing of any step is written), or writes added to `set`. */
  admit?(current: ReadonlyMap<string, unknown>, input: AdmissionInput, set: Record<string, unknown>): AttemptRefusal | null;
  /** After the call: writes added to `set`. */
  settle?(current: ReadonlyMap<string, unknown>, input: SettlementInput, set: Record<string, unknown>): void;
}

/** Who an attempt is, as every step sees it. */
export interface AttemptIdentity {
  provider: ProviderConfig;
  target: Target;
  nowMs: number;
  /** Unique per attempt: the lease and rate reservation id. */
  attemptId: string;
  /** The request id: who holds a half-open probe. */
  holder: string;
}

export interface AdmissionInput extends AttemptIdentity {
  /** Input plus max output tokens: what a limit or a reservation must allow for. */
  estimatedTokens: number;
  /** Lease (and probe claim) lifetime: the attempt timeout plus a margin. */
  leaseTtlMs: number;
}

export interface SettlementInput extends AttemptIdentity {
  /** Estimated input tokens: what a failed call is assumed to have used. */
  estimatedInputTokens: number;
  outcome: AttemptOutcome;
}

/** What settlement knows of the call. */
export type AttemptOutcome =
  | { ok: true; inputTokens: number; outputTokens: number; latencyMs: number; ttftMs: number | null }
  | {
      ok: false;
      error: ProviderCallError;
      /** How long the attempt took to fail. */
      latencyMs: number;
      /** What a stream broken after its first text used (attempt-end's partialUsage); absent when nothing was delivered. */
      usage?: Usage;
    };

/**
 * Why a step would not let an attempt go now. `defer`: the refusal clears with time and is worth
 * waiting for within the caller's --max-wait (a rate window), rather than moving on at once.
 */
export interface AttemptRefusal {
  kind: 'circuit' | 'rate';
  reason: string;
  /** When it should clear, ms from now (0 when unknown). */
  waitMs: number;
  defer: boolean;
}
