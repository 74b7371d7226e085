import type { ErrorClass } from '../../spec/errors.js';

/** What the body said beyond the status, as far as classification cares. */
export interface StatusHints {
  /** Out of credit or over a billing limit: retrying will not help, another provider might answer. */
  quotaExhausted?: boolean;
  /** The provider's content filter refused the prompt: another provider might answer it. */
  contentFiltered?: boolean;
  /** The body names `overloaded_error` (Anthropic) or the like. */
  overloaded?: boolean;
}

/** The words of an error body that carry its meaning, whatever the family's envelope. */
export interface ErrorBodyWords {
  type?: string | number | null;
  code?: string | number | null;
  /** Azure's `innererror.code` (e.g. `ResponsibleAIPolicyViolation`). */
  innerCode?: string | number | null;
  message?: string | null;
}

/** Codes and types that mean "this account cannot pay for the call" (OpenAI, Anthropic, OpenRouter-style proxies). */
const QUOTA_WORDS = new Set(['insufficient_quota', 'billing_error', 'billing_hard_limit_reached', 'billing_not_active', 'insufficient_credits']);
/** Anthropic answers an exhausted prepaid balance with a plain 400 invalid_request_error; only its text says so. */
const QUOTA_MESSAGE = /credit balance is too low|billing hard limit has been reached/i;
const CONTENT_FILTER_WORDS = new Set(['content_filter', 'content_policy_violation', 'responsibleaipolicyviolation']);

/** Reads an error body's meaning: quota, content filter, overload. Status decides the rest. */
export function hintsFromBody(words: ErrorBodyWords): StatusHints {
  const names = [words.type, words.code, words.innerCode].filter((value): value is string => typeof value === 'string').map((value) => value.toLowerCase());
  return {
    quotaExhausted: names.some((name) => QUOTA_WORDS.has(name)) || (typeof words.message === 'string' && QUOTA_MESSAGE.test(words.message)),
    contentFiltered: names.some((name) => CONTENT_FILTER_WORDS.has(name)),
    overloaded: names.some((name) => name.includes('overloaded')),
  };
}

/**
 * The one HTTP-status table every provider family shares. A body's meaning overrides the status
 * where the provider uses a generic status for it: credit exhaustion arrives as 400 (Anthropic), 402,
 * 403 or 429 (OpenAI `insufficient_quota`); a content-filter rejection as 400 (Azure). Any other 4xx
 * stays the caller's mistake.
 */
export function errorClassForStatus(status: number, hints: StatusHints = {}): ErrorClass {
  const clientError = status >= 400 && status < 500 && status !== 401;
  if (clientError && hints.quotaExhausted) return 'quota';
  if (clientError && hints.contentFiltered) return 'content_filter';
  if (status === 429) return 'rate_limit';
  if (status === 402) return 'quota';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 529) return 'overloaded';
  if (status >= 500) return hints.overloaded ? 'overloaded' : 'server';
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 413 || status === 422) return 'bad_request';
  return 'other';
}

/**
 * Errors reported inside a 200 stream carry no status, only the provider's error type or code
 * (OpenAI `rate_limit_exceeded`, Anthropic `overloaded_error`, OpenRouter a numeric status).
 */
export function errorClassForErrorType(typeOrCode: string | number | null | undefined, hints: StatusHints = {}): ErrorClass {
  if (hints.quotaExhausted) return 'quota';
  if (hints.contentFiltered) return 'content_filter';
  if (typeof typeOrCode === 'number') return errorClassForStatus(typeOrCode);
  const value = (typeOrCode ?? '').toLowerCase();
  if (/^\d{3}$/.test(value)) return errorClassForStatus(Number(value));
  if (value.includes('insufficient_quota') || value.includes('billing')) return 'quota';
  if (value.includes('rate_limit') || value === 'tokens' || value === 'requests') return 'rate_limit';
  if (value.includes('overloaded')) return 'overloaded';
  if (value.includes('timeout')) return 'timeout';
  if (value.includes('authentication') || value.includes('invalid_api_key')) return 'auth';
  if (value.includes('permission')) return 'permission';
  if (value.includes('not_found')) return 'not_found';
  if (value.includes('invalid_request') || value.includes('too_large')) return 'bad_request';
  // An unnamed error the server reported mid-generation is its fault, and worth another try.
  return 'server';
}
