import type { MessageDeltaUsage, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ReportedUsage } from '../shared/estimate-usage.js';

type UsageLike = Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'> &
  Partial<Pick<AnthropicUsage, 'cache_creation' | 'service_tier'>>;

/**
 * Anthropic counts uncached, cache-written and cache-read input separately; llmx's `inputTokens`
 * is all input (as OpenAI's `prompt_tokens` is), `cachedInputTokens` the cache-read subset and the
 * cache writes split by lifetime, so pricing treats both families alike. The `cache_creation`
 * object splits writes into 5-minute and 1-hour ones; without it (older servers) every write is a
 * 5-minute one, and writes it does not account for are 5-minute ones too.
 */
export function convertAnthropicUsage(usage: UsageLike | null | undefined): ReportedUsage | undefined {
  if (!usage) return undefined;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const split = usage.cache_creation;
  const write1h = typeof split?.ephemeral_1h_input_tokens === 'number' ? split.ephemeral_1h_input_tokens : 0;
  const write5m = typeof split?.ephemeral_5m_input_tokens === 'number' ? Math.max(split.ephemeral_5m_input_tokens, cacheWrite - write1h) : cacheWrite - write1h;
  const written = write5m + write1h;
  return {
    inputTokens: typeof usage.input_tokens === 'number' ? usage.input_tokens + cacheRead + Math.max(cacheWrite, written) : null,
    outputTokens: usage.output_tokens ?? null,
    cachedInputTokens: cacheRead,
    cacheWrite5mTokens: write5m,
    cacheWrite1hTokens: write1h,
    serviceTier: usage.service_tier ?? null,
  };
}

/**
 * `message_delta` usage holds cumulative totals: its counts replace those from `message_start`,
 * but only the fields it actually carries (older servers send just `output_tokens`).
 */
export function mergeAnthropicUsage(start: UsageLike | undefined, delta: Partial<MessageDeltaUsage> & Partial<Pick<AnthropicUsage, 'cache_creation'>>): UsageLike {
  const merged: UsageLike = {
    input_tokens: start?.input_tokens ?? 0,
    output_tokens: start?.output_tokens ?? 0,
    cache_read_input_tokens: start?.cache_read_input_tokens ?? null,
    cache_creation_input_tokens: start?.cache_creation_input_tokens ?? null,
    cache_creation: start?.cache_creation ?? null,
    service_tier: start?.service_tier ?? null,
  };
  if (typeof delta.input_tokens === 'number') merged.input_tokens = delta.input_tokens;
  if (typeof delta.output_tokens === 'number') merged.output_tokens = delta.output_tokens;
  if (typeof delta.cache_read_input_tokens === 'number') merged.cache_read_input_tokens = delta.cache_read_input_tokens;
  if (typeof delta.cache_creation_input_tokens === 'number') merged.cache_creation_input_tokens = delta.cache_creation_input_tokens;
  if (typeof delta.cache_creation === 'object' && delta.cache_creation !== null) merged.cache_creation = delta.cache_creation;
  return merged;
}
