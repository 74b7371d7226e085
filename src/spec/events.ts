import type { ChatResult, OptionalWireFeature, Usage } from './chat.js';
import type { ProviderCallError } from './errors.js';

/** A target: one provider and the model to ask it for. */
export interface Target {
  provider: string;
  model: string;
}

/** What a strategy returns: the targets in the order to try them, and why (what --explain prints). */
export interface RoutingDecision {
  strategy: string;
  targets: Target[];
  reason: string;
  /** A scoring strategy's (performance_based) figures per target, in the decision's order. */
  scores?: TargetScore[];
}

/**
 * performance_based's expected time to a successful answer on one target, with its components:
 * expectedMs = successMs + failureRate x (failureMs + retryWaitMs + nextMs). After a failure the
 * request continues on `next`: another target (fail over) or this one again after `retryWaitMs`.
 * Unbounded values (a target that has only ever failed) are null with `failing` set.
 */
export interface TargetScore extends Target {
  /** null: not measured yet (tried first, to measure it). */
  expectedMs: number | null;
  /** Recent latency of a successful answer (time to first token when streaming); null when not measured. */
  successMs: number | null;
  /** Recent failure rate, 0..1 (decayed with time). */
  failureRate: number;
  /** Recent time a failed attempt took. */
  failureMs: number;
  /** The wait before the retry that follows a failure; 0 when the request fails over instead. */
  retryWaitMs: number;
  /** What a failure leads to: another target, this one again (a retry), or null (nothing left). */
  next: Target | null;
  /** `next`'s own expected time. */
  nextMs: number | null;
  /** Has only ever failed: ranked last. */
  failing: boolean;
}

/**
 * The router reports through events; the ledger writer, health monitor, metrics, debug log and Ink
 * views subscribe. Times are ms since epoch, durations in ms.
 */
export type RouterEvent =
  /** `strategyName` is null when the caller named a provider directly (no strategy). */
  | { type: 'decision'; requestId: string; decision: RoutingDecision; strategyName?: string | null }
  | { type: 'skip'; requestId: string; target: Target; reason: string }
  | {
      type: 'attempt-start';
      requestId: string;
      attempt: number;
      target: Target;
      startedAtMs: number;
      stream: boolean;
      /** Optional parts of the request left out because this provider's server refused them. */
      without?: readonly OptionalWireFeature[];
    }
  | {
      type: 'attempt-end';
      requestId: string;
      attempt: number;
      target: Target;
      startedAtMs: number;
      latencyMs: number;
      ttftMs: number | null;
      result?: ChatResult;
      error?: ProviderCallError;
      /** Partial text of a stream that failed after its first token. */
      partialText?: string;
      /** What that partial answer used (billed): input from the server if it said, else estimated; output estimated. */
      partialUsage?: Usage;
    }
  | { type: 'retry'; requestId: string; target: Target; delayMs: number; nextAttempt: number; reason: string }
  | { type: 'failover'; requestId: string; from: Target; to: Target | null; reason: string };

export type RouterEventListener = (event: RouterEvent) => void;
