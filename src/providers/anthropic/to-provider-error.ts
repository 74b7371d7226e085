import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, classifyLastResort, errorBodyDetail, type ErrorContext } from '../shared/build-provider-error.js';
import { classifySdkConnectionError } from '../shared/classify-sdk-connection-error.js';
import { errorClassForErrorType, errorClassForStatus, hintsFromBody } from '../shared/classify-status.js';

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
    const serverMessage = error.apiMessage ?? error.message;
    // An exhausted prepaid balance is a 400 invalid_request_error that only its message tells apart.
    const hints = hintsFromBody({ type: error.type, message: error.apiMessage });
    if (error.status === undefined) {
      // `event: error` inside a 200 stream, e.g. overloaded_error.
      return buildProviderError(context, { errorClass: errorClassForErrorType(error.type, hints), detail: serverMessage, headers: error.headers, cause: error });
    }
    const errorClass = errorClassForStatus(error.status, hints);
    return buildProviderError(context, { errorClass, status: error.status, headers: error.headers, detail: errorBodyDetail(context, serverMessage), cause: error });
  }
  return classifyLastResort(error, context);
}
