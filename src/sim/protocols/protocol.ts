import type { IncomingHttpHeaders } from 'node:http';
import type { RateSnapshot } from '../rate-window.js';
import type { SimProviderSpec } from '../types.js';

/** What a provider path (after the `/<name>` prefix) asks for. */
export type Route =
  | { kind: 'chat'; deployment?: string }
  | { kind: 'models' }
  | { kind: 'model'; id: string }
  | { kind: 'version' }
  | { kind: 'banner'; head: boolean };

/** The routes of an API under /v1 (OpenAI, Anthropic): POST `chatPath`, GET /v1/models and /v1/models/{id}. */
export function v1Route(chatPath: string): (method: string, path: string) => Route | null {
  return (method, path) => {
    if (method === 'POST' && path === chatPath) return { kind: 'chat' };
    if (method === 'GET' && path === '/v1/models') return { kind: 'models' };
    const model = /^\/v1\/models\/(.+)$/.exec(path);
    if (method === 'GET' && model) return { kind: 'model', id: decodeURIComponent(model[1]) };
    return null;
  };
}

/** A chat request, reduced to what the simulator needs from any protocol. */
export interface ChatCall {
  model: string;
  /** All prompt text (system + messages), for the input token count and the reply's seed. */
  promptText: string;
  /** The request's output cap in tokens, if it set one. */
  maxTokens?: number;
  stream: boolean;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage: boolean;
  /** The service tier the request asked for (OpenAI `service_tier`), if any. */
  serviceTier?: string;
  /** The request carried `stream_options` at all (OpenAI wire). */
  sentStreamOptions?: boolean;
}

/** The reply the simulator will send, computed once and rendered by the protocol. */
export interface Reply {
  id: string;
  createdS: number;
  model: string;
  /** One string per output token, already joined with spaces (concatenated they are the text). */
  pieces: string[];
  text: string;
  finishedByLength: boolean;
  /** Uncached input: the prompt's words (or the spec's `inputTokens`, as the protocol sends it). */
  inputTokens: number;
  /** All output: the text's tokens plus reasoning tokens. */
  outputTokens: number;
  /** Whether `inputTokens` is the spec's own figure (sent as is, nothing added). */
  inputTokensAsSent: boolean;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  /** The tier to report, if the spec or request named one. */
  serviceTier?: string;
  /** OpenAI wire `usage.cost`, if set. */
  usageCost?: number;
  /** The model declines (the `refusal` script word): each protocol says so its own way. */
  refusal: boolean;
}

export type ErrorKind =
  | 'auth'
  | 'model_not_found'
  | 'route_not_found'
  | 'bad_request'
  | 'rate_limit'
  | 'server'
  | 'overloaded'
  | 'out_of_credit'
  | 'content_filter'
  | 'other';

export interface SimError {
  status: number;
  kind: ErrorKind;
  /** Human text; each protocol words its own when absent. */
  message?: string;
}

/** A whole response body (JSON or text) with its content type. */
export interface Body {
  status: number;
  contentType: string;
  text: string;
  headers?: Record<string, string>;
}

/** A stream rendered as text: `head` goes out with the first token, `tail` right after the last. */
export interface StreamFrames {
  contentType: string;
  head: string;
  frames: string[];
  tail: string;
}

export interface ProtocolContext {
  spec: SimProviderSpec;
  requestId: string;
}

export interface ProtocolHandler {
  /** Reply ids are this plus a counter (`chatcmpl-sim7`, `msg_sim7`). */
  readonly replyIdPrefix: string;
  /** Listed by the model endpoints when the spec names none. */
  readonly defaultModels: readonly string[];
  /** The base URL the official SDK for this protocol wants, from `http://host:port/<name>`. */
  baseUrl(prefixUrl: string): string;
  route(method: string, path: string, query: URLSearchParams): Route | null;
  /** The API key the client presented, if any. */
  presentedKey(headers: IncomingHttpHeaders): string | undefined;
  /** Protocol-level checks before any outcome is drawn (e.g. Azure's mandatory api-version). */
  checkRequest?(route: Route, query: URLSearchParams, headers: IncomingHttpHeaders): SimError | null;
  parseChat(body: unknown, route: Route): ChatCall | SimError;
  /** Whether `model` names one of `models` (Ollama treats `llama3.2` and `llama3.2:latest` as one). */
  knowsModel(model: string, models: readonly string[]): boolean;
  /** The protocol's own 404 for a model it does not serve. */
  modelNotFound(model: string): SimError;
  error(error: SimError, context: ProtocolContext): Body;
  /** Headers added to every response when the provider has a requests-per-minute limit. */
  rateLimitHeaders(rate: RateSnapshot): Record<string, string>;
  /** Headers every response carries (request ids). */
  commonHeaders(context: ProtocolContext): Record<string, string>;
  info(route: Route, models: readonly string[], context: ProtocolContext): Body | SimError;
  chatJson(reply: Reply, call: ChatCall, context: ProtocolContext): Body;
  chatStream(reply: Reply, call: ChatCall, context: ProtocolContext): StreamFrames;
  /** The in-band error a stream ends with when it fails after its first tokens. */
  streamErrorFrame(context: ProtocolContext): string;
  /** The error a script word names, where this protocol has one (`out_of_credit`, `content_filter`); see SIM_SCRIPT_WORD_PROTOCOLS. */
  wordError?(word: 'out_of_credit' | 'content_filter'): SimError | undefined;
}

export function isSimError(value: unknown): value is SimError {
  return typeof value === 'object' && value !== null && 'kind' in value && 'status' in value;
}

/** Message content as text: a string, or the text parts of an array of blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join(' ');
  }
  return '';
}

export function jsonBody(status: number, value: unknown, headers?: Record<string, string>): Body {
  return { status, contentType: 'application/json', text: JSON.stringify(value), headers };
}

export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(value);
  return match ? match[1] : undefined;
}

export function secondsHeader(ms: number): string {
  return String(Math.max(0, Math.ceil(ms / 1000)));
}
