/** The simulator's public shapes: what a test, the demo or `llmx simulate` configures and gets back. */

export type SimProtocol = 'openai' | 'azure_openai' | 'anthropic' | 'ollama';

export const SIM_PROTOCOLS: readonly SimProtocol[] = ['openai', 'azure_openai', 'anthropic', 'ollama'];


/** The error statuses a simulated provider can be told to answer with at random. */
export type SimErrorStatus = '429' | '500' | '503' | '529';

export const SIM_ERROR_STATUSES: readonly SimErrorStatus[] = ['429', '500', '503', '529'];

/**
 * The named outcomes a script can hold, besides an HTTP status:
 * - `ok` a normal answer; `hang` never answered; `drop` the connection cut after a few tokens;
 * - `stream_error`: a stream that sends a few tokens, then the protocol's in-band error event (Anthropic
 *   `event: error` overloaded_error, OpenAI `data: {"error":...}`, Ollama `{"error":...}`) and ends
 *   (a non-streaming call gets a 500 instead);
 * - `truncate`: a stream that sends a few tokens and then ends cleanly without its terminal event
 *   (no finish reason, no `[DONE]`, no `message_stop`); a non-streaming body cut in half;
 * - what a proxy or gateway in front of a provider sends: `html_502` (nginx's 502 page), `non_json_200`
 *   (a 200 carrying an HTML sign-in page), `empty_200` (a 200 with an empty JSON body), `huge_200`
 *   (a 200 with a 20 MB JSON body that is no completion);
 * - `echo_auth`: a 401 in the protocol's envelope whose message quotes the request's credential
 *   headers whole (as some proxies do): output that must never reach the user unredacted;
 * - `echo_request`: a 500 in the protocol's envelope quoting the request line, its credential
 *   headers and an upstream URL with `user:password@` (SIM_UPSTREAM_PASSWORD), as a debugging gateway would;
 * - `refusal`: the model declines: OpenAI `message.refusal` / `delta.refusal` with content null,
 *   Anthropic `stop_reason: refusal`, Ollama a plain refusing answer;
 * - `out_of_credit`: the account is out of credit: Anthropic's 400 invalid_request_error "Your credit
 *   balance is too low...", OpenAI's 429 insufficient_quota (not for Azure or Ollama);
 * - `content_filter`: Azure's 400 `code: content_filter` with `innererror.code:
 *   ResponsibleAIPolicyViolation` naming the filtered category (Azure only).
 */
export const SIM_SCRIPT_WORDS = [
  'ok', 'hang', 'drop', 'stream_error', 'truncate', 'html_502', 'non_json_200', 'empty_200', 'huge_200', 'echo_auth', 'echo_request',
  'refusal', 'out_of_credit', 'content_filter',
] as const;

export type SimScriptWord = (typeof SIM_SCRIPT_WORDS)[number];

/** A scripted outcome: an HTTP status (400-599) to answer with in the protocol's envelope, or a named one. */
export type SimScriptStep = number | SimScriptWord;

/** Script words only some protocols have; every other word works on every protocol. */
export const SIM_SCRIPT_WORD_PROTOCOLS: Partial<Record<SimScriptWord, readonly SimProtocol[]>> = {
  out_of_credit: ['openai', 'anthropic'],
  content_filter: ['azure_openai'],
};

export function isSimScriptWord(value: unknown): value is SimScriptWord {
  return (SIM_SCRIPT_WORDS as readonly unknown[]).includes(value);
}

export interface SimProviderSpec {
  /** Path prefix and key in `RunningSimulator.providers`; URL-safe (letters, digits, `-`, `_`, `.`). */
  name: string;
  protocol: SimProtocol;
  /** What /models and /api/tags list; any requested model is served unless `strictModels`. Default: one per protocol. */
  models?: string[];
  /** Unknown model -> the protocol's 404 model-not-found. Default false. */
  strictModels?: boolean;
  /** Delay before the first token, in ms. Default 0. */
  ttftMs?: number;
  /** Delay between output tokens, in ms. Default 0. */
  msPerToken?: number;
  /** Output length in tokens (words). Default 12; capped by the request's max tokens (finish reason length). */
  outputTokens?: number;
  /** Probability per request of each error status, answered in the protocol's envelope. Default none. */
  errorRates?: Partial<Record<SimErrorStatus, number>>;
  /** Sent on 429/503/529 as retry-after-ms and retry-after (seconds). Default: 1000 on 429, none on 503/529. */
  retryAfterMs?: number;
  /** Probability to accept a request and never answer (until the client gives up). Default 0. */
  hangRate?: number;
  /** Probability to cut the connection mid-stream after a few tokens. Default 0. */
  dropRate?: number;
  /** Sliding 60 s window; requests over it get a 429 with retry-after and rate-limit headers. Default unlimited. */
  requestsPerMinute?: number;
  /**
   * The answer's text instead of the deterministic words, split into `outputTokens` stream chunks of
   * near-equal length (e.g. 256 KB of one letter, for a tokenizer's worst case). Default: words.
   */
  replyText?: string;
  /** An OpenAI-compatible server that never reports usage, even when asked. Default false. */
  omitUsage?: boolean;
  /** When set, a missing or wrong key gets the protocol's 401. Default: any key is accepted. */
  apiKey?: string;
  /** Outcomes for the next requests, consumed in order, before random rates apply. */
  script?: SimScriptStep[];
  /**
   * The input count as the protocol sends it, instead of the prompt's words (plus the cache counts on
   * the OpenAI wire, where `prompt_tokens` includes them): OpenAI `prompt_tokens`, Anthropic's
   * uncached `input_tokens`, Ollama `prompt_eval_count`. Any integer, so a test can send nonsense.
   */
  inputTokens?: number;
  /** Input tokens reported as read from the prompt cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). Default 0. */
  cacheReadTokens?: number;
  /** Cache writes with a 5-minute lifetime (Anthropic `ephemeral_5m_input_tokens`; OpenAI wire: OpenRouter's `cache_write_tokens`). Default 0. */
  cacheWrite5mTokens?: number;
  /** Cache writes with a 1-hour lifetime (Anthropic `ephemeral_1h_input_tokens`). Default 0. */
  cacheWrite1hTokens?: number;
  /** Reasoning tokens, added to the output count (OpenAI `reasoning_tokens`; Anthropic's thinking is in `output_tokens`). Default 0. */
  reasoningTokens?: number;
  /** The service tier answered. Default: the request's `service_tier` on the OpenAI wire, else `default` (OpenAI) / `standard` (Anthropic). */
  serviceTier?: string;
  /** OpenAI wire: `usage.cost` in USD, as OpenRouter reports what it billed. Default none. */
  usageCost?: number;
  /** `x-litellm-response-cost` header on chat answers (any protocol), as a LiteLLM proxy sends it. Default none. */
  responseCostHeader?: number;
  /** How this server departs from the reference wire, as real compatible servers do. Default: none. */
  wire?: SimWireVariants;
}

/**
 * Protocol variants that real providers and OpenAI-compatible servers send (YAML `wire:` with
 * snake_case keys). Each is a property of the server, applied to every request it answers.
 */
export interface SimWireVariants {
  /**
   * OpenAI wire: a request carrying `stream_options` gets 400 "Unrecognized request argument
   * supplied: stream_options" (older Azure api-versions, some compatible servers).
   */
  rejectStreamOptions?: boolean;
  /**
   * SSE wires (OpenAI, Azure, Anthropic): a `: ping` comment line before every event, as OpenRouter
   * and keep-alive proxies send; a client must skip them.
   */
  sseComments?: boolean;
  /**
   * OpenAI wire: every chunk carries the usage so far (cumulative completion tokens), not only a last
   * usage chunk (vLLM's continuous usage stats). Only when usage is sent at all (include_usage, no omitUsage).
   */
  usageInEveryChunk?: boolean;
  /**
   * OpenAI wire: a stream never says why it ended (no finish_reason chunk; the usage chunk and [DONE]
   * still come). Ollama: the final message has no done_reason (stream and not), as its docs show it.
   */
  omitFinishReason?: boolean;
  /** OpenAI wire and Anthropic: a stream request is answered with the plain JSON completion, as some mock and compatible servers do. */
  jsonForStream?: boolean;
  /**
   * OpenAI wire: Groq's usage: `x_groq.usage` on the last (finish_reason) chunk, sent whether asked for
   * or not, and never a top-level `usage`.
   */
  groqUsage?: boolean;
}

/** The protocols each wire variant applies to (validated). */
export const SIM_WIRE_VARIANT_PROTOCOLS: Record<keyof SimWireVariants, readonly SimProtocol[]> = {
  rejectStreamOptions: ['openai', 'azure_openai'],
  sseComments: ['openai', 'azure_openai', 'anthropic'],
  usageInEveryChunk: ['openai', 'azure_openai'],
  omitFinishReason: ['openai', 'azure_openai', 'ollama'],
  jsonForStream: ['openai', 'azure_openai', 'anthropic'],
  groqUsage: ['openai'],
};

export interface SimConfig {
  providers: SimProviderSpec[];
  /** PRNG seed for error/hang/drop draws. Default 1. */
  seed?: number;
}

export interface SimProviderInfo {
  protocol: SimProtocol;
  /** The base URL in the form that protocol's official SDK wants (see `baseUrlFor`). */
  baseUrl: string;
  models: string[];
}

export interface SimStats {
  /** Every HTTP request routed to this provider (chat and listing endpoints alike). */
  requests: number;
  /** Count per outcome: a script word (`ok`, `hang`, `drop`, `stream_error`, `truncate`, ...), or the HTTP status answered (`401`, `404`, `429`, ...). */
  byOutcome: Record<string, number>;
}

export interface RunningSimulator {
  port: number;
  /** `http://HOST:PORT`. */
  url: string;
  providers: Record<string, SimProviderInfo>;
  stats(name: string): SimStats;
  /** Changes a provider's behaviour from the next request on (e.g. take it down). */
  update(name: string, patch: Partial<SimProviderSpec>): void;
  /** Stops listening and ends every open connection, hanging ones included. */
  close(): Promise<void>;
}

export interface StartSimulatorOptions {
  /** TCP port; 0 or unset picks an ephemeral one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
}
