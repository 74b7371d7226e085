import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, type ErrorContext } from '../shared/build-provider-error.js';
import { describeCause } from '../shared/describe-cause.js';
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
  if (error instanceof sdk.APIUserAbortError) return buildProviderError(context, { errorClass: 'aborted', cause: error });
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return buildProviderError(context, { errorClass: 'timeout', detail: 'no response within the client timeout', cause: error });
  }
  if (error instanceof sdk.APIConnectionError) {
    return buildProviderError(context, { errorClass: 'network', detail: describeCause(error), cause: error });
  }
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
  if (error instanceof SyntaxError) {
    return buildProviderError(context, { errorClass: 'server', detail: `unparseable response: ${error.message}`, cause: error });
  }
  return buildProviderError(context, { errorClass: 'network', detail: describeCause(error), cause: error });
}
