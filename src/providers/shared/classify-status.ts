import type { ErrorClass } from '../../spec/errors.js';

/** What the body said beyond the status, as far as classification cares. */
export interface StatusHints {
  /** The body names `insufficient_quota` / `billing_error`: retrying will not help. */
  quotaExhausted?: boolean;
  /** The body names `overloaded_error` (Anthropic) or the like. */
  overloaded?: boolean;
}

/** The one HTTP-status table every provider family shares. */
export function errorClassForStatus(status: number, hints: StatusHints = {}): ErrorClass {
  if (status === 429) return hints.quotaExhausted ? 'quota' : 'rate_limit';
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
export function errorClassForErrorType(typeOrCode: string | number | null | undefined): ErrorClass {
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

/** Does a body's type or code say the account is out of money (429 that will not clear)? */
export function namesQuotaExhaustion(...values: Array<string | number | null | undefined>): boolean {
  return values.some((value) => typeof value === 'string' && (value === 'insufficient_quota' || value === 'billing_error'));
}

export function namesOverload(...values: Array<string | number | null | undefined>): boolean {
  return values.some((value) => typeof value === 'string' && value.includes('overloaded'));
}
