/** The minimal header surface of fetch's `Headers` (and of a captured response). */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The server-requested delay in ms: `retry-after-ms` (ms, Azure/OpenAI) wins over `retry-after`
 * (seconds, or an HTTP date). Undefined when absent or unparseable; a date in the past gives 0.
 */
export function parseRetryAfterMs(headers: HeaderReader | null | undefined, wallClockMs: number): number | undefined {
  if (!headers) return undefined;
  const milliseconds = parseNonNegativeNumber(headers.get('retry-after-ms'));
  if (milliseconds !== undefined) return milliseconds;
  const retryAfter = headers.get('retry-after')?.trim();
  if (!retryAfter) return undefined;
  // A number is seconds, never a date ("-5" would otherwise parse as the year -5).
  if (/^[-+.\d]/.test(retryAfter)) {
    const seconds = parseNonNegativeNumber(retryAfter);
    return seconds === undefined ? undefined : Math.round(seconds * 1000);
  }
  const dateMs = Date.parse(retryAfter);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - wallClockMs);
}

function parseNonNegativeNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  // Number('') is 0 and Number('1e3') is fine; reject the empty string and anything non-numeric.
  if (trimmed === '' || !/^[0-9.eE+-]+$/.test(trimmed)) return undefined;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}
