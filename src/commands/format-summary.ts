import type { ChatResult } from '../spec/chat.js';

/** The one-line stderr summary after an answer: who answered, tokens, time, cost. */
export function formatSummary(
  result: ChatResult & { provider: string; attempts: readonly unknown[] },
  costUsd: number | null,
  color: boolean,
): string {
  const tokens = `${result.usage.inputTokens}→${result.usage.outputTokens} tokens${result.usage.estimated ? ' (estimated)' : ''}`;
  const timing = result.ttftMs === null ? `${Math.round(result.latencyMs)} ms` : `${Math.round(result.latencyMs)} ms (first token ${Math.round(result.ttftMs)} ms)`;
  const cost = costUsd === null ? 'cost unknown' : `$${costUsd.toFixed(costUsd < 0.01 ? 6 : 4)}`;
  const attempts = result.attempts.length > 1 ? ` · ${result.attempts.length} attempts` : '';
  const line = `${result.provider} ${result.model} · ${tokens} · ${timing} · ${cost}${attempts}`;
  return color ? `\u001b[2m${line}\u001b[22m` : line;
}
