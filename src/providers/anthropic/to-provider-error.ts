import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, classifyLastResort, type ErrorContext } from '../shared/build-provider-error.js';
import { classifySdkConnectionError } from '../shared/classify-sdk-connection-error.js';
import { errorClassForErrorType, errorClassForStatus, namesOverload, namesQuotaExhaustion } from '../shared/classify-status.js';

/** The @anthropic-ai/sdk error classes, taken from the dynamically imported module. */
export type AnthropicErrorClasses = Pick<
  typeof import('@anthropic-ai/sdk'),
  'APIError' | 'APIUserAbortError' | 'APIConnectionError' | 'APIConnectionTimeoutError'
>;

/** Classifies anything the Anthropic SDK threw, once. */
export function toAnthropicProviderError(error: unknown, context: ErrorContext, sdk: AnthropicErrorClasses): ProviderCallError {
  const early = classifyBeforeSdk(error, context);
  if (early) return early;
  const connection = classifySdkConnectionError(error, context, sdk);
  if (connection) return connection;
  if (error instanceof sdk.APIError) {
    const detail = error.apiMessage ?? error.message;
    if (error.status === undefined) {
      // `event: error` inside a 200 stream, e.g. overloaded_error.
      return buildProviderError(context, { errorClass: errorClassForErrorType(error.type), detail, headers: error.headers, cause: error });
    }
    const errorClass = errorClassForStatus(error.status, {
      quotaExhausted: namesQuotaExhaustion(error.type),
      overloaded: namesOverload(error.type),
    });
    return buildProviderError(context, { errorClass, status: error.status, headers: error.headers, detail, cause: error });
  }
  return classifyLastResort(error, context);
}
