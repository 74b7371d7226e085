import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, classifyLastResort, errorBodyDetail, type ErrorContext } from '../shared/build-provider-error.js';
import { classifySdkConnectionError } from '../shared/classify-sdk-connection-error.js';
import { errorClassForErrorType, errorClassForStatus, hintsFromBody } from '../shared/classify-status.js';

/** The openai package's error classes, taken from the dynamically imported module. */
export type OpenAiErrorClasses = Pick<
  typeof import('openai'),
  'APIError' | 'APIUserAbortError' | 'APIConnectionError' | 'APIConnectionTimeoutError'
>;

/** The `error` object of the family's envelope: OpenAI's, Azure's (string `code`, `innererror`), compatible servers'. */
export interface OpenAiErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
  param?: unknown;
  innererror?: { code?: unknown; content_filter_result?: unknown };
}

/** Classifies anything the openai SDK (OpenAI, Azure, compatible servers) threw, once. */
export function toOpenAiProviderError(error: unknown, context: ErrorContext, sdk: OpenAiErrorClasses): ProviderCallError {
  const early = classifyBeforeSdk(error, context);
  if (early) return early;
  const connection = classifySdkConnectionError(error, context, sdk);
  if (connection) return connection;
  if (error instanceof sdk.APIError) {
    const body = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as OpenAiErrorBody;
    if (error.status === undefined) {
      // An `error` object inside a 200 stream: only its type/code says what happened.
      return inBandOpenAiError(body, context, error, error.type, error.code);
    }
    const words = wordsOf(body, error.type, error.code);
    const hints = hintsFromBody(words);
    const errorClass = errorClassForStatus(error.status, hints);
    const serverMessage = typeof body.message === 'string' ? body.message : error.message;
    const detail = errorClass === 'content_filter' ? contentFilterDetail(body, serverMessage) : errorBodyDetail(context, serverMessage);
    const refusedFeature = errorClass === 'bad_request' && refusesStreamOptions(body, error.message) ? 'stream_usage' : undefined;
    return buildProviderError(context, { errorClass, status: error.status, headers: error.headers, detail, refusedFeature, cause: error });
  }
  return classifyLastResort(error, context);
}

/**
 * An error reported with a 200: an `error` event inside a stream, or a body that is only
 * `{"error": {...}}` (some proxies answer that way). Classified by its words alone.
 */
export function inBandOpenAiError(body: OpenAiErrorBody, context: ErrorContext, cause: unknown, sdkType?: string | null, sdkCode?: string | null): ProviderCallError {
  const words = wordsOf(body, sdkType, sdkCode);
  const errorClass = errorClassForErrorType(typeof words.code === 'number' ? words.code : (words.type ?? words.code), hintsFromBody(words));
  const message = typeof body.message === 'string' ? body.message : cause instanceof Error ? cause.message : undefined;
  return buildProviderError(context, { errorClass, detail: errorClass === 'content_filter' ? contentFilterDetail(body, message) : message, cause });
}

/**
 * A request rejected for its `stream_options` (OpenAI's and old Azure api-versions' "Unrecognized
 * request argument supplied: stream_options", `param: "stream_options"`, a FastAPI server's 422
 * naming it as an extra field): the one part of the request llmx can drop and send again.
 */
function refusesStreamOptions(body: OpenAiErrorBody, sdkMessage: string): boolean {
  if (body.param === 'stream_options') return true;
  const text = typeof body.message === 'string' ? body.message : sdkMessage;
  return /\bstream_options\b/.test(text);
}

function wordsOf(body: OpenAiErrorBody, sdkType?: string | null, sdkCode?: string | null) {
  return {
    type: stringOrNumber(body.type) ?? sdkType,
    code: stringOrNumber(body.code) ?? sdkCode,
    innerCode: stringOrNumber(body.innererror?.code),
    message: typeof body.message === 'string' ? body.message : undefined,
  };
}

/** Azure names what it filtered (`{"violence": {"filtered": true, "severity": "medium"}}`): say that first. */
function contentFilterDetail(body: OpenAiErrorBody, message: string | undefined): string | undefined {
  const result = body.innererror?.content_filter_result;
  if (typeof result !== 'object' || result === null) return message;
  const filtered = Object.entries(result as Record<string, unknown>)
    .filter(([, verdict]) => typeof verdict === 'object' && verdict !== null && (verdict as { filtered?: unknown }).filtered === true)
    .map(([category, verdict]) => {
      const severity = (verdict as { severity?: unknown }).severity;
      return typeof severity === 'string' ? `${category}: ${severity}` : category;
    });
  if (filtered.length === 0) return message;
  return `prompt filtered (${filtered.join(', ')})${message ? `: ${message}` : ''}`;
}

function stringOrNumber(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
