import type { AttemptSummary, ProviderCallError } from '../spec/errors.js';
import type { Target } from '../spec/events.js';

export function skipped(target: Target, reason: string): AttemptSummary {
  return { provider: target.provider, model: target.model, status: 'skipped', error: reason, latencyMs: 0 };
}

export function failed(target: Target, error: ProviderCallError, latencyMs: number): AttemptSummary {
  const summary: AttemptSummary = { provider: target.provider, model: target.model, status: 'error', errorClass: error.errorClass, error: error.message, latencyMs };
  if (error.status !== undefined) summary.httpStatus = error.status;
  return summary;
}

/** One line per attempt, as AllAttemptsFailedError prints them: provider, status, reason. */
export function detailLine(attempt: AttemptSummary): string {
  const status = attempt.status === 'skipped' ? 'skipped' : attempt.httpStatus !== undefined ? `${attempt.httpStatus} ${attempt.errorClass}` : (attempt.errorClass ?? attempt.status);
  return `${attempt.provider} (${attempt.model}): ${status}: ${attempt.error ?? 'ok'}`;
}
