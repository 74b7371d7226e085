import type { ChatResult } from '../spec/chat.js';
import { formatMs } from '../shared/format-duration.js';
import { formatUsd } from '../shared/format-usd.js';
import type { Style } from '../shared/color.js';

/** The one-line stderr summary after an answer: who answered, tokens, time, cost. */
export function formatSummary(
  result: ChatResult & { provider: string; attempts: readonly unknown[] },
  costUsd: number | null,
  style: Style,
): string {
  const tokens = `${result.usage.inputTokens}→${result.usage.outputTokens} tokens${result.usage.estimated ? ' (estimated)' : ''}`;
  const timing = result.ttftMs === null ? formatMs(result.latencyMs) : `${formatMs(result.latencyMs)} (first token ${formatMs(result.ttftMs)})`;
  const cost = costUsd === null ? 'cost unknown' : formatUsd(costUsd);
  const attempts = result.attempts.length > 1 ? ` · ${result.attempts.length} attempts` : '';
  const line = `${result.provider} ${result.model} · ${tokens} · ${timing} · ${cost}${attempts}`;
  return style.dim(line);
}
