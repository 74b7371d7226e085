import type { MessageDeltaUsage, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ReportedUsage } from '../shared/estimate-usage.js';

type UsageLike = Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'>;

/**
 * Anthropic counts uncached, cache-written and cache-read input separately; llmx's `inputTokens`
 * is all input (as OpenAI's `prompt_tokens` is) and `cachedInputTokens` the cache-read subset, so
 * pricing treats both families alike.
 */
export function convertAnthropicUsage(usage: UsageLike | null | undefined): ReportedUsage | undefined {
  if (!usage) return undefined;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: typeof usage.input_tokens === 'number' ? usage.input_tokens + cacheRead + cacheWrite : null,
    outputTokens: usage.output_tokens ?? null,
    cachedInputTokens: cacheRead,
  };
}

/**
 * `message_delta` usage holds cumulative totals: its counts replace those from `message_start`,
 * but only the fields it actually carries (older servers send just `output_tokens`).
 */
export function mergeAnthropicUsage(start: UsageLike | undefined, delta: Partial<MessageDeltaUsage>): UsageLike {
  const merged: UsageLike = {
    input_tokens: start?.input_tokens ?? 0,
    output_tokens: start?.output_tokens ?? 0,
    cache_read_input_tokens: start?.cache_read_input_tokens ?? null,
    cache_creation_input_tokens: start?.cache_creation_input_tokens ?? null,
  };
  if (typeof delta.input_tokens === 'number') merged.input_tokens = delta.input_tokens;
  if (typeof delta.output_tokens === 'number') merged.output_tokens = delta.output_tokens;
  if (typeof delta.cache_read_input_tokens === 'number') merged.cache_read_input_tokens = delta.cache_read_input_tokens;
  if (typeof delta.cache_creation_input_tokens === 'number') merged.cache_creation_input_tokens = delta.cache_creation_input_tokens;
  return merged;
}
