import type { ProviderCallError } from '../spec/errors.js';
import { formatSeconds } from '../shared/format-duration.js';

/** What the router does after a failed attempt. */
export type RetryVerdict =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'failover'; reason: string }
  | { action: 'fatal'; reason: string };

export interface RetryPolicy {
  /** Total attempts on one provider (1 = no retry). */
  maxAttempts: number;
  /** Exponential base of the backoff. */
  backoffFactor: number;
  /** Delay before the first retry, in ms, before jitter. */
  baseDelayMs: number;
  /** Longest server-requested wait (retry-after) honoured, in ms; a longer one fails over at once. */
  maxRetryAfterMs: number;
}

/**
 * Delay before retry number `retryIndex` (0 = first retry): baseDelayMs * backoffFactor^retryIndex,
 * with "equal jitter" (half fixed, half random) so that processes that failed together do not
 * retry together, while the delay still grows with every retry.
 */
export function backoffDelayMs(retryIndex: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'backoffFactor'>, random: () => number): number {
  const nominalMs = policy.baseDelayMs * Math.pow(Math.max(1, policy.backoffFactor), retryIndex);
  return Math.round(nominalMs / 2 + (nominalMs / 2) * random());
}

/**
 * The one place that decides retry vs failover vs stop. Reads only the error's disposition and
 * retryAfterMs. `attempt` is the 1-based number of the attempt that just failed on this provider.
 */
export function retryVerdict(error: ProviderCallError, attempt: number, policy: RetryPolicy, random: () => number): RetryVerdict {
  const what = describeError(error);
  if (error.disposition === 'fatal') return { action: 'fatal', reason: `${what}: not retried, the next provider would refuse the same request` };
  if (error.disposition === 'failover') return { action: 'failover', reason: `${what}: not retryable on ${error.provider}` };
  if (attempt >= policy.maxAttempts) return { action: 'failover', reason: `${what}: ${policy.maxAttempts} attempt(s) on ${error.provider} used` };
  if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
    // Sleeping longer than the cap would stall the caller; another provider may answer now.
    return { action: 'failover', reason: `${what}: server asks to wait ${formatSeconds(error.retryAfterMs)}, over the ${formatSeconds(policy.maxRetryAfterMs)} cap` };
  }
  if (error.retryAfterMs !== undefined) {
    return { action: 'retry', delayMs: Math.max(0, error.retryAfterMs), reason: `${what}: server asked to retry after ${formatSeconds(error.retryAfterMs)}` };
  }
  const delayMs = backoffDelayMs(attempt - 1, policy, random);
  return { action: 'retry', delayMs, reason: `${what}: retrying in ${formatSeconds(delayMs)}` };
}

export function describeError(error: ProviderCallError): string {
  return error.status !== undefined ? `${error.status} ${error.errorClass}` : error.errorClass;
}

/** A sleep that an AbortSignal cuts short (rejecting with the signal's reason). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
