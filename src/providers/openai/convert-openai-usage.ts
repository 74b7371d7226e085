import type { CompletionUsage } from 'openai/resources/completions';
import type { ReportedUsage } from '../shared/estimate-usage.js';

/** `prompt_tokens` already includes the cached ones; `cached_tokens` is the discounted subset. */
export function convertOpenAiUsage(usage: CompletionUsage | null | undefined): ReportedUsage | undefined {
  if (!usage) return undefined;
  return {
    // Some compatible servers (vLLM) send null counts; null means "not reported", so it is estimated.
    inputTokens: usage.prompt_tokens ?? null,
    outputTokens: usage.completion_tokens ?? null,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}
