/** The normalized request and result every adapter speaks. No SDK types leak past the adapter. */

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

export interface ChatRequest {
  /** The provider's model name (for Azure: the deployment name). */
  model: string;
  messages: ChatMessage[];
  /** System prompt; adapters place it where their protocol wants it. */
  system?: string;
  /** Output token cap. Default: DEFAULT_MAX_TOKENS for Anthropic (which requires one); none sent to others. */
  maxTokens?: number;
  temperature?: number;
}

/**
 * The output cap llmx assumes when a request sets none: sent to Anthropic, which refuses a request
 * without one, and used by every pre-flight estimate (rate-limit reservations, least-cost, bench --budget).
 */
export const DEFAULT_MAX_TOKENS = 1024;

/**
 * `refusal`: the model declined (OpenAI `refusal`, Anthropic `stop_reason: refusal`); the refusal is the text.
 * `unknown`: the server ended the answer cleanly without saying why (no finish_reason at all).
 */
export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'refusal' | 'error' | 'unknown' | 'other';

/**
 * Every dimension a vendor bills one call on. `inputTokens` is ALL input (uncached, cache reads and
 * cache writes alike, as OpenAI's `prompt_tokens` counts it); the cache counts are subsets of it.
 * `outputTokens` includes reasoning tokens (they are billed as output); `reasoningTokens` is that subset.
 * The optional fields are absent (read as 0 / null) when the server did not report them.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (0 when not reported). */
  cachedInputTokens: number;
  /** Input tokens written to the prompt cache with a 5-minute lifetime (Anthropic's default; OpenAI-compatible `cache_write_tokens`). */
  cacheWrite5mTokens?: number;
  /** Input tokens written to the prompt cache with a 1-hour lifetime (Anthropic `cache_creation.ephemeral_1h_input_tokens`). */
  cacheWrite1hTokens?: number;
  /** Output tokens spent on reasoning (OpenAI `completion_tokens_details.reasoning_tokens`). */
  reasoningTokens?: number;
  /** The service tier the server says it served (`default`, `flex`, `priority`, `standard`, ...). */
  serviceTier?: string | null;
  /** What the server says it billed for this call, USD (OpenRouter `usage.cost`, LiteLLM's `x-litellm-response-cost`). */
  billedCostUsd?: number | null;
  /** Set when reported counts were implausible and clamped: what was wrong, for one warning. */
  clamped?: string;
  /** True when the server reported nothing and llmx counted with a tokenizer. */
  estimated: boolean;
}

export interface ChatResult {
  text: string;
  finishReason: FinishReason;
  /** The provider's own finish reason string. */
  rawFinishReason: string | null;
  usage: Usage;
  /** The model id the server answered with (may be a dated snapshot of the requested one). */
  model: string;
  /** Time to first output text in ms; null for non-streaming calls. */
  ttftMs: number | null;
  /** Whole call, from just before the request to the end of the response. */
  latencyMs: number;
}

/** Token counts a server reported part-way through a stream; any of them may be missing. */
export interface UsageSoFar {
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
}

/**
 * What a streaming call yields: text deltas as they arrive, then exactly one `done`. `usage` says
 * what the server has reported so far (Anthropic's message_start, usage in every OpenAI chunk), so
 * that a stream broken after its first text is billed with the server's input count.
 */
export type StreamEvent = { type: 'delta'; text: string } | { type: 'usage'; usage: UsageSoFar } | { type: 'done'; result: ChatResult };

/**
 * A part of a request that llmx adds on its own (not the caller's), which some servers refuse and
 * which can be left out: `stream_usage` is OpenAI's `stream_options: {include_usage: true}`.
 */
export type OptionalWireFeature = 'stream_usage';

export interface CallOptions {
  signal?: AbortSignal;
  /** Leave these out of this call (the server refused them before). Default: none left out. */
  without?: readonly OptionalWireFeature[];
}

export interface PingResult {
  ok: boolean;
  latencyMs: number;
  /** What was called, e.g. "GET /v1/models". */
  check: string;
}
