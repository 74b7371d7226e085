import type { ChatRequest, StreamEvent, Usage, UsageSoFar } from '../../spec/chat.js';
import { estimateTokens } from '../estimate-tokens.js';
import { plausibleUsage } from './plausible-usage.js';

/** Token counts and billing facts as the server reported them; a missing count is counted locally. */
export interface ReportedUsage {
  /** All input, cache reads and writes included. */
  inputTokens?: number | null;
  outputTokens?: number | null;
  /** Cache reads (a subset of input). */
  cachedInputTokens?: number | null;
  cacheWrite5mTokens?: number | null;
  cacheWrite1hTokens?: number | null;
  /** A subset of output. */
  reasoningTokens?: number | null;
  serviceTier?: string | null;
  billedCostUsd?: number | null;
}

/**
 * Fills in what the server did not report (streams without include_usage, Ollama omitting
 * prompt_eval_count on a cached prompt, the output of a stream broken part-way) with a tokenizer
 * count, and says so; then makes the counts plausible (see plausibleUsage) so nothing implausible
 * is priced or stored.
 */
export async function completeUsage(reported: ReportedUsage | undefined, request: ChatRequest, outputText: string): Promise<Usage> {
  const input = reported?.inputTokens;
  const output = reported?.outputTokens;
  const estimated = typeof input !== 'number' || typeof output !== 'number';
  const usage: Usage = {
    inputTokens: typeof input === 'number' ? input : await estimateTokens(inputTextOf(request)),
    outputTokens: typeof output === 'number' ? output : await estimateTokens(outputText),
    cachedInputTokens: reported?.cachedInputTokens ?? 0,
    estimated,
  };
  // Only what was reported is set, so a plain usage stays the four fields it always was.
  if (reported?.cacheWrite5mTokens) usage.cacheWrite5mTokens = reported.cacheWrite5mTokens;
  if (reported?.cacheWrite1hTokens) usage.cacheWrite1hTokens = reported.cacheWrite1hTokens;
  if (reported?.reasoningTokens) usage.reasoningTokens = reported.reasoningTokens;
  if (reported?.serviceTier) usage.serviceTier = reported.serviceTier;
  if (reported?.billedCostUsd !== undefined && reported.billedCostUsd !== null) usage.billedCostUsd = reported.billedCostUsd;
  return plausibleUsage(usage);
}

function inputTextOf(request: ChatRequest): string {
  const parts = request.system ? [request.system] : [];
  for (const message of request.messages) parts.push(message.content);
  return parts.join('\n');
}

/** A stream's `usage` event for what the server reported so far (nulls are "not reported"). */
export function usageEvent(reported: ReportedUsage): StreamEvent {
  const usage: UsageSoFar = {};
  if (typeof reported.inputTokens === 'number') usage.inputTokens = reported.inputTokens;
  if (typeof reported.outputTokens === 'number') usage.outputTokens = reported.outputTokens;
  if (typeof reported.cachedInputTokens === 'number') usage.cachedInputTokens = reported.cachedInputTokens;
  return { type: 'usage', usage };
}
