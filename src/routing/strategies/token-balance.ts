import { decisionOf, describeFallbacks, type Strategy, type StrategyContext } from './types.js';
import { formatPercent } from '../../shared/format-percent.js';

/** Tokens used by one provider in the current window of a token_balance strategy, under `tokens:<strategy>:<provider>`. */
export interface TokenWindowState {
  /** Start of the window the count belongs to, ms since epoch (a multiple of the window length). */
  windowStartMs: number;
  usedTokens: number;
}

export const DEFAULT_TOKEN_WINDOW_S = 60;

export function tokenBalanceKey(strategy: string, provider: string): string {
  return `tokens:${strategy}:${provider}`;
}

/** Fixed windows aligned to the epoch, so every process agrees on when a window starts. */
export function windowStartMs(nowMs: number, windowS: number): number {
  const windowMs = windowS * 1000;
  return Math.floor(nowMs / windowMs) * windowMs;
}

export function usedInWindow(state: TokenWindowState | undefined, nowMs: number, windowS: number): number {
  return state && state.windowStartMs === windowStartMs(nowMs, windowS) ? state.usedTokens : 0;
}

/** Adds a call's tokens to the provider's count in the current window (a new window starts at 0). */
export function recordTokens(state: TokenWindowState | undefined, tokens: number, nowMs: number, windowS: number): TokenWindowState {
  return { windowStartMs: windowStartMs(nowMs, windowS), usedTokens: usedInWindow(state, nowMs, windowS) + tokens };
}

function remainingShare(context: StrategyContext, provider: string, maxTokens: number | undefined): { used: number; share: number } {
  const windowS = context.strategy.windowS ?? DEFAULT_TOKEN_WINDOW_S;
  const used = usedInWindow(context.state.get(tokenBalanceKey(context.strategy.name, provider)) as TokenWindowState | undefined, context.nowMs, windowS);
  if (!maxTokens || maxTokens <= 0) return { used, share: 0 };
  return { used, share: Math.max(0, (maxTokens - used) / maxTokens) };
}

/** The seed's TokenLoadBalancer: the most remaining share of its max_tokens allowance in this window first. */
export const tokenBalanceStrategy: Strategy = {
  stateKeys: (strategy, targets) => targets.map((target) => tokenBalanceKey(strategy.name, target.provider)),
  // Every answer's tokens count against its provider's allowance in the current window.
  settleStep: (strategy) => ({
    keys: (provider) => [tokenBalanceKey(strategy.name, provider)],
    settle(current, input, set) {
      if (!input.outcome.ok) return;
      const key = tokenBalanceKey(strategy.name, input.provider.name);
      const tokens = input.outcome.inputTokens + input.outcome.outputTokens;
      set[key] = recordTokens(current.get(key) as TokenWindowState | undefined, tokens, input.nowMs, strategy.windowS ?? DEFAULT_TOKEN_WINDOW_S);
    },
  }),
  select(context) {
    const scored = context.targets.map((target, index) => ({ target, index, ...remainingShare(context, target.provider, target.maxTokens) }));
    if (scored.length === 0) return null;
    const ranked = [...scored].sort((a, b) => b.share - a.share || a.index - b.index);
    const ordered = ranked.map((entry) => entry.target);
    const head = ranked[0];
    const windowS = context.strategy.windowS ?? DEFAULT_TOKEN_WINDOW_S;
    return decisionOf(
      context,
      ordered,
      `token balance: ${head.target.provider} has the most allowance left, ${formatPercent(head.share)} (${head.used} of ${head.target.maxTokens ?? 0} tokens used this ${windowS} s window)${describeFallbacks(ordered)}`,
    );
  },
};
