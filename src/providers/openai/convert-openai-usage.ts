import type { CompletionUsage } from 'openai/resources/completions';
import type { ReportedUsage } from '../shared/estimate-usage.js';

/** What OpenAI-compatible servers add to `usage` beyond OpenAI's own fields. */
type CompatibleUsage = CompletionUsage & {
  /** OpenRouter: what the call was billed, in USD (its credits). */
  cost?: number | null;
  prompt_tokens_details?: (CompletionUsage['prompt_tokens_details'] & { cache_write_tokens?: number | null }) | null;
};

/**
 * `prompt_tokens` already includes the cached ones; `cached_tokens` is the discounted subset and
 * `cache_write_tokens` (OpenRouter, for vendors that bill writes) the written one, taken as 5-minute
 * writes. `completion_tokens` includes `reasoning_tokens`. The answered `service_tier` is a top-level
 * field of the completion (or chunk), passed in.
 */
export function convertOpenAiUsage(usage: CompatibleUsage | null | undefined, serviceTier?: string | null): ReportedUsage | undefined {
  if (!usage) return undefined;
  return {
    // Some compatible servers (vLLM) send null counts; null means "not reported", so it is estimated.
    inputTokens: usage.prompt_tokens ?? null,
    outputTokens: usage.completion_tokens ?? null,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWrite5mTokens: usage.prompt_tokens_details?.cache_write_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    serviceTier: serviceTier ?? null,
    billedCostUsd: typeof usage.cost === 'number' ? usage.cost : null,
  };
}

/**
 * The usage a stream chunk carries: top-level `usage` (OpenAI with include_usage, vLLM in every
 * chunk), else Groq's `x_groq.usage` on its last chunk, which has the same counts.
 */
export function usageOfChunk(chunk: { usage?: CompletionUsage | null; x_groq?: { usage?: CompletionUsage | null } | null }): CompletionUsage | null | undefined {
  return chunk.usage ?? chunk.x_groq?.usage;
}
