import type { ChatRequest, Usage } from '../../spec/chat.js';
import { estimateTokens } from '../estimate-tokens.js';

/** Token counts as the server reported them; a missing one is counted locally. */
export interface ReportedUsage {
  inputTokens?: number | null;
  outputTokens?: number | null;
  cachedInputTokens?: number | null;
}

/**
 * Fills in what the server did not report (streams without include_usage, Ollama omitting
 * prompt_eval_count on a cached prompt) with a tokenizer count, and says so.
 */
export async function completeUsage(reported: ReportedUsage | undefined, request: ChatRequest, outputText: string): Promise<Usage> {
  const input = reported?.inputTokens;
  const output = reported?.outputTokens;
  const estimated = typeof input !== 'number' || typeof output !== 'number';
  return {
    inputTokens: typeof input === 'number' ? input : await estimateTokens(inputTextOf(request)),
    outputTokens: typeof output === 'number' ? output : await estimateTokens(outputText),
    cachedInputTokens: reported?.cachedInputTokens ?? 0,
    estimated,
  };
}

function inputTextOf(request: ChatRequest): string {
  const parts = request.system ? [request.system] : [];
  for (const message of request.messages) parts.push(message.content);
  return parts.join('\n');
}
