import type { ChatResult } from './chat.js';
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
}

/**
 * The router reports through events; the ledger writer, health monitor, metrics, debug log and Ink
 * views subscribe. Times are ms since epoch, durations in ms.
 */
export type RouterEvent =
  /** `strategyName` is null when the caller named a provider directly (no strategy). */
  | { type: 'decision'; requestId: string; decision: RoutingDecision; strategyName?: string | null }
  | { type: 'skip'; requestId: string; target: Target; reason: string }
  | { type: 'attempt-start'; requestId: string; attempt: number; target: Target; startedAtMs: number; stream: boolean }
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
    }
  | { type: 'retry'; requestId: string; target: Target; delayMs: number; nextAttempt: number; reason: string }
  | { type: 'failover'; requestId: string; from: Target; to: Target | null; reason: string };

export type RouterEventListener = (event: RouterEvent) => void;
