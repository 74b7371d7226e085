import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, type ErrorContext } from './build-provider-error.js';
import { describeCause } from './describe-cause.js';

type ErrorConstructor = abstract new (...args: never[]) => Error;

/** The error classes that openai and @anthropic-ai/sdk (both Stainless-generated) share for failures without a response. */
export interface SdkConnectionErrorClasses {
  APIUserAbortError: ErrorConstructor;
  APIConnectionTimeoutError: ErrorConstructor;
  APIConnectionError: ErrorConstructor;
}

/** Classifies the SDK's abort, client-timeout and connection errors; undefined for anything else. */
export function classifySdkConnectionError(error: unknown, context: ErrorContext, sdk: SdkConnectionErrorClasses): ProviderCallError | undefined {
  if (error instanceof sdk.APIUserAbortError) return buildProviderError(context, { errorClass: 'aborted', cause: error });
  // The timeout class extends the connection class: test it first.
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return buildProviderError(context, { errorClass: 'timeout', detail: 'no response within the client timeout', cause: error });
  }
  if (error instanceof sdk.APIConnectionError) {
    return buildProviderError(context, { errorClass: 'network', detail: describeCause(error), cause: error });
  }
  return undefined;
}
