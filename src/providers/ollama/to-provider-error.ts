import type { ProviderCallError } from '../../spec/errors.js';
import { buildProviderError, classifyBeforeSdk, classifyLastResort, errorBodyDetail, type ErrorContext } from '../shared/build-provider-error.js';
import { errorClassForStatus } from '../shared/classify-status.js';
import { IncompleteStreamError } from '../shared/incomplete-stream-error.js';

/** ollama-js's own words when a stream closes before its `done: true` line. */
const NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';

/** Where an error surfaced: during the HTTP exchange, or from a line inside a 200 stream. */
export type OllamaErrorPhase = 'request' | 'stream';

/**
 * Classifies anything ollama-js threw, once. ollama-js does not export its ResponseError class,
 * so it is recognised by name and its `status_code`.
 */
export function toOllamaProviderError(
  error: unknown,
  context: ErrorContext,
  phase: OllamaErrorPhase,
): ProviderCallError {
  const early = classifyBeforeSdk(error, context);
  if (early) return early;
  if (isResponseError(error)) {
    return buildProviderError(context, {
      errorClass: errorClassForStatus(error.status_code),
      status: error.status_code,
      headers: context.observation?.response?.headers,
      detail: errorBodyDetail(context, error.error),
      cause: error,
    });
  }
  if (error instanceof IncompleteStreamError || (error instanceof Error && error.message === NO_DONE_MESSAGE)) {
    return buildProviderError(context, { errorClass: 'network', detail: 'stream ended before done:true', cause: error });
  }
  // A plain Error while reading a 200 stream is an `{"error": "..."}` line: the server gave up mid-answer.
  if (phase === 'stream' && error instanceof Error && error.constructor === Error) {
    return buildProviderError(context, { errorClass: 'server', detail: error.message, cause: error });
  }
  return classifyLastResort(error, context);
}

interface ResponseErrorShape {
  name: 'ResponseError';
  error: string;
  status_code: number;
}

function isResponseError(error: unknown): error is ResponseErrorShape {
  return (
    error instanceof Error &&
    error.name === 'ResponseError' &&
    typeof (error as Partial<ResponseErrorShape>).status_code === 'number'
  );
}
