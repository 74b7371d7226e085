import type { ErrorClass } from '../../spec/errors.js';

/**
 * An aborted call is a timeout when the signal's reason is a `TimeoutError` (what
 * `AbortSignal.timeout` and the router's per-attempt timer use); anything else is the user (Ctrl-C).
 */
export function abortErrorClass(signal: AbortSignal): Extract<ErrorClass, 'timeout' | 'aborted'> {
  const reason: unknown = signal.reason;
  const name = typeof reason === 'object' && reason !== null ? (reason as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' ? 'timeout' : 'aborted';
}
