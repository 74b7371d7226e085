import type { AttemptStep } from '../../spec/attempt.js';
import type { StrategyConfig } from '../../spec/config.js';
import type { RoutingDecision, Target } from '../../spec/events.js';
import type { PriceLookup } from '../../spec/ledger.js';

/** A strategy target with its model resolved (see resolve-targets.ts). */
export interface ResolvedTarget extends Target {
  /** weighted_round_robin weight. */
  weight?: number;
  /** token_balance allowance per window. */
  maxTokens?: number;
  /** Local providers (ollama, `local: true`) cost nothing. */
  local: boolean;
}

/** Everything a strategy may look at; it never reads the store or the clock itself. */
export interface StrategyContext {
  strategy: StrategyConfig;
  /** Candidates in configured order. */
  targets: ResolvedTarget[];
  /** Estimated tokens of this request (output: its max_tokens). */
  estimate: { inputTokens: number; outputTokens: number };
  stream: boolean;
  priceOf: PriceLookup;
  /** The values of `stateKeys(...)`, read (or locked) beforehand; missing keys absent. */
  state: ReadonlyMap<string, unknown>;
  nowMs: number;
  /** Uniform in [0, 1). */
  random: () => number;
  /**
   * The expected wait before a retry on `target` after a failure (its backoff), ms; null when its
   * provider makes no retries. Default DEFAULT_RETRY_WAIT_MS.
   */
  retryWaitMs?: (target: ResolvedTarget) => number | null;
}

/** The first retry's expected wait at the default backoff: 500 ms with equal jitter averages 375 ms. */
export const DEFAULT_RETRY_WAIT_MS = 375;

/**
 * A selection strategy: pure. `select` ranks the targets (first = try now, the rest = fallbacks in
 * order) and says why; `advance` returns the state to write when the decision is actually used
 * (a rotation cursor), so `explain` can call `select` alone without moving anything; `settleStep`,
 * when a strategy learns from outcomes (token_balance's window), is settled with every attempt of a
 * request it routed, in the attempt's own settlement transaction.
 */
export interface Strategy {
  /** State keys `select` reads and `advance` writes. */
  stateKeys(strategy: StrategyConfig, targets: readonly ResolvedTarget[]): string[];
  select(context: StrategyContext): RoutingDecision | null;
  advance?(context: StrategyContext, decision: RoutingDecision): Record<string, unknown>;
  settleStep?(strategy: StrategyConfig): AttemptStep;
}

export function strip(target: ResolvedTarget): Target {
  return { provider: target.provider, model: target.model };
}

export function decisionOf(context: StrategyContext, ordered: readonly ResolvedTarget[], reason: string): RoutingDecision | null {
  if (ordered.length === 0) return null;
  return { strategy: context.strategy.name, targets: ordered.map(strip), reason };
}

export function describeFallbacks(ordered: readonly ResolvedTarget[]): string {
  return ordered.length > 1 ? `; then ${ordered.slice(1).map((t) => t.provider).join(', ')}` : '';
}
