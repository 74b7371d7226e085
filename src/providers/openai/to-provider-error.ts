import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, type ErrorContext } from '../shared/build-provider-error.js';
import { describeCause } from '../shared/describe-cause.js';
import { errorClassForErrorType, errorClassForStatus, namesOverload, namesQuotaExhaustion } from '../shared/classify-status.js';

/** The openai package's error classes, taken from the dynamically imported module. */
export type OpenAiErrorClasses = Pick<
  typeof import('openai'),
  'APIError' | 'APIUserAbortError' | 'APIConnectionError' | 'APIConnectionTimeoutError'
>;

interface OpenAiErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

/** Classifies anything the openai SDK (OpenAI, Azure, compatible servers) threw, once. */
export function toOpenAiProviderError(error: unknown, context: ErrorContext, sdk: OpenAiErrorClasses): ProviderCallError {
  const early = classifyBeforeSdk(error, context);
  if (early) return early;
  if (error instanceof sdk.APIUserAbortError) return buildProviderError(context, { errorClass: 'aborted', cause: error });
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return buildProviderError(context, { errorClass: 'timeout', detail: 'no response within the client timeout', cause: error });
  }
  if (error instanceof sdk.APIConnectionError) {
    return buildProviderError(context, { errorClass: 'network', detail: describeCause(error), cause: error });
  }
  if (error instanceof sdk.APIError) {
    const body = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as OpenAiErrorBody;
    const type = stringOrNumber(body.type) ?? error.type;
    const code = stringOrNumber(body.code) ?? error.code;
    const detail = typeof body.message === 'string' ? body.message : error.message;
    if (error.status === undefined) {
      // An `error` object inside a 200 stream: only its type/code says what happened.
      const errorClass = namesQuotaExhaustion(type, code) ? 'quota' : errorClassForErrorType(typeof code === 'number' ? code : (type ?? code));
      return buildProviderError(context, { errorClass, detail, headers: error.headers, cause: error });
    }
    const errorClass = errorClassForStatus(error.status, {
      quotaExhausted: namesQuotaExhaustion(type, code),
      overloaded: namesOverload(type, code),
    });
    return buildProviderError(context, { errorClass, status: error.status, headers: error.headers, detail, cause: error });
  }
  if (error instanceof SyntaxError) {
    return buildProviderError(context, { errorClass: 'server', detail: `unparseable response: ${error.message}`, cause: error });
  }
  // undici's "terminated" TypeError, a stream closed before its finish chunk, a refused connection.
  return buildProviderError(context, { errorClass: 'network', detail: describeCause(error), cause: error });
}

function stringOrNumber(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
