import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, classifyLastResort, type ErrorContext } from '../shared/build-provider-error.js';
import { classifySdkConnectionError } from '../shared/classify-sdk-connection-error.js';
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
  const connection = classifySdkConnectionError(error, context, sdk);
  if (connection) return connection;
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
  return classifyLastResort(error, context);
}

function stringOrNumber(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}
