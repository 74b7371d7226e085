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

/**
 * The usage a stream chunk carries: top-level `usage` (OpenAI with include_usage, vLLM in every
 * chunk), else Groq's `x_groq.usage` on its last chunk, which has the same counts.
 */
export function usageOfChunk(chunk: { usage?: CompletionUsage | null; x_groq?: { usage?: CompletionUsage | null } | null }): CompletionUsage | null | undefined {
  return chunk.usage ?? chunk.x_groq?.usage;
}
