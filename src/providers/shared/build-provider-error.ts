import type { OptionalWireFeature } from '../../spec/chat.js';
import type { ProviderConfig } from '../../spec/config.js';
import { ProviderCallError, type ErrorClass } from '../../spec/errors.js';
import { redactSecrets } from '../../shared/redact-secrets.js';
import { abortErrorClass } from './abort-error-class.js';
import { errorClassForStatus } from './classify-status.js';
import { describeCause } from './describe-cause.js';
import { describeResponse, isJsonMediaType, ResponseTooLargeError, UnusableBodyError, type FetchObservation } from './response-facts.js';
import { parseRateLimitResetMs, parseRetryAfterMs, type HeaderReader } from './retry-after.js';

/** What every classifier needs to know about the call that failed. */
export interface ErrorContext {
  provider: ProviderConfig;
  model: string;
  signal?: AbortSignal;
  /** Wall clock (ms since epoch) for HTTP-date retry-after values. */
  wallClockMs: number;
  /** What the transport saw of the response, if it got one: names a body the SDK could not use. */
  observation?: FetchObservation;
}

export interface FailureFacts {
  errorClass: ErrorClass;
  status?: number;
  headers?: HeaderReader | null;
  /** The server's or the client's own words; redacted and shortened before use. */
  detail?: string;
  /** The optional part of the request the server refused (see ProviderCallError.refusedFeature). */
  refusedFeature?: OptionalWireFeature;
  cause: unknown;
}

const LABELS: Record<ErrorClass, string> = {
  rate_limit: 'rate limited',
  quota: 'quota or billing limit reached',
  content_filter: 'refused by the content filter',
  server: 'server error',
  overloaded: 'overloaded',
  timeout: 'timed out',
  conflict: 'conflict',
  network: 'connection failed',
  auth: 'authentication failed',
  permission: 'permission denied',
  not_found: 'not found',
  bad_request: 'request rejected',
  aborted: 'aborted',
  unavailable: 'unavailable',
  other: 'failed',
};

const MAX_DETAIL_CHARS = 200;

export function buildProviderError(context: ErrorContext, facts: FailureFacts): ProviderCallError {
  const { provider } = context;
  const statusText = facts.status === undefined ? '' : ` (HTTP ${facts.status})`;
  let message: string;
  if (facts.errorClass === 'auth') {
    // Never echo the server's text here: OpenAI's 401 quotes part of the key.
    message = `${provider.name}: authentication failed${statusText}; check ${keySourceOf(provider)}`;
  } else {
    const detail = facts.detail ? cleanDetail(facts.detail, provider.apiKey) : '';
    message = `${provider.name}: ${LABELS[facts.errorClass]}${statusText}${detail ? `: ${detail}` : ''}`;
  }
  return new ProviderCallError({
    provider: provider.name,
    model: context.model,
    errorClass: facts.errorClass,
    message,
    status: facts.status,
    retryAfterMs: parseRetryAfterMs(facts.headers, context.wallClockMs) ?? (facts.status === 429 ? parseRateLimitResetMs(facts.headers, context.wallClockMs) : undefined),
    refusedFeature: facts.refusedFeature,
    // The SDK error keeps the raw body, which for a 401 may quote the key; `-v` prints causes.
    cause: facts.errorClass === 'auth' || mentionsSecret(facts.cause, provider.apiKey) ? undefined : facts.cause,
  });
}

function mentionsSecret(cause: unknown, apiKey: string | undefined): boolean {
  if (!apiKey || cause === undefined || cause === null) return false;
  if (cause instanceof Error && cause.message.includes(apiKey)) return true;
  try {
    return JSON.stringify(cause).includes(apiKey);
  } catch {
    return true; // cannot tell, so do not keep it
  }
}

/**
 * The part of classification every family shares and that must come first: an error we already
 * classified passes through, and an aborted signal wins over whatever the
 * SDK made of it (it may report an abort as a connection error, or end a stream silently).
 */
export function classifyBeforeSdk(error: unknown, context: ErrorContext): ProviderCallError | undefined {
  if (error instanceof ProviderCallError) return error;
  if (context.signal?.aborted) {
    const errorClass = abortErrorClass(context.signal);
    return buildProviderError(context, {
      errorClass,
      detail: errorClass === 'timeout' ? 'the per-attempt timeout expired' : 'the request was cancelled',
      cause: error,
    });
  }
  return undefined;
}

/**
 * The part every family shares at the end: a body that would not parse is the server's fault;
 * anything else (undici's "terminated", a stream cut short, a refused connection) is the network.
 */
export function classifyLastResort(error: unknown, context: ErrorContext): ProviderCallError {
  const tooLarge = findCause(error, ResponseTooLargeError);
  if (tooLarge) return unusableResponse(context, tooLarge.message, error);
  if (error instanceof UnusableBodyError) return unusableResponse(context, error.message, error);
  if (error instanceof SyntaxError) return unusableResponse(context, 'unparseable response', error);
  return buildProviderError(context, { errorClass: 'network', detail: describeCause(error), cause: error });
}

/**
 * A response the protocol cannot use (an empty 200, HTML where JSON belongs, a body over the cap):
 * the server's fault, so retryable, named by what it sent. An error status keeps its own class.
 */
export function unusableResponse(context: ErrorContext, what: string, cause: unknown): ProviderCallError {
  const facts = context.observation?.response;
  const status = facts && facts.status >= 400 ? facts.status : undefined;
  const sent = facts ? `; HTTP ${facts.status} sent ${describeResponse(facts)}` : cause instanceof Error ? `: ${cause.message}` : '';
  return buildProviderError(context, { errorClass: status !== undefined ? errorClassForStatus(status) : 'server', status, detail: `${what}${sent}`, cause });
}

/**
 * The detail for an HTTP error: the server's own message, unless the body was not JSON at all (a
 * proxy's HTML page), which is then named by what it was rather than quoted wholesale.
 */
export function errorBodyDetail(context: ErrorContext, serverMessage: string | undefined): string | undefined {
  const facts = context.observation?.response;
  if (facts && (facts.overflowed || !isJsonMediaType(facts.contentType))) return `sent ${describeResponse(facts)}`;
  return serverMessage;
}

function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth += 1) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}

/** The error for a provider that cannot be called at all (no key configured). */
export function unavailableError(provider: ProviderConfig, model: string): ProviderCallError {
  return new ProviderCallError({
    provider: provider.name,
    model,
    errorClass: 'unavailable',
    message: `${provider.name}: ${provider.unavailableReason ?? `no API key configured; set ${keySourceOf(provider)}`}`,
  });
}

function keySourceOf(provider: ProviderConfig): string {
  return provider.apiKeySource ?? `providers.${provider.name}.api_key`;
}

function cleanDetail(detail: string, apiKey: string | undefined): string {
  // Redacted here, where every provider error is made, so --json attempts, -v, health and the
  // ledger all carry the same text: a server may quote the key, a header or a URL with credentials.
  const text = redactSecrets(detail.replace(/\s+/g, ' ').trim(), [apiKey]);
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS - 1)}…` : text;
}
