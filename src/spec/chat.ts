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

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache (0 when not reported). */
  cachedInputTokens: number;
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

/** What a streaming call yields: text deltas as they arrive, then exactly one `done`. */
export type StreamEvent = { type: 'delta'; text: string } | { type: 'done'; result: ChatResult };

export interface CallOptions {
  signal?: AbortSignal;
}

export interface PingResult {
  ok: boolean;
  latencyMs: number;
  /** What was called, e.g. "GET /v1/models". */
  check: string;
}
