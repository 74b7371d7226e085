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

/**
 * When a 429 carries no retry-after, the rate-limit reset headers say when the exhausted budget
 * refills: OpenAI's `x-ratelimit-reset-{requests,tokens}` (Go durations: `120ms`, `6m0s`) and
 * Anthropic's `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset` (RFC 3339).
 * Prefer the budgets whose `-remaining` is 0 (the ones that refused); without remaining counts,
 * wait for the latest reset. Undefined when there are no such headers.
 */
export function parseRateLimitResetMs(headers: HeaderReader | null | undefined, wallClockMs: number): number | undefined {
  if (!headers) return undefined;
  const resets: Array<{ ms: number; exhausted: boolean }> = [];
  for (const budget of ['requests', 'tokens']) {
    const ms = parseGoDurationMs(headers.get(`x-ratelimit-reset-${budget}`));
    if (ms !== undefined) resets.push({ ms, exhausted: headers.get(`x-ratelimit-remaining-${budget}`)?.trim() === '0' });
  }
  for (const budget of ['requests', 'tokens', 'input-tokens', 'output-tokens']) {
    const at = headers.get(`anthropic-ratelimit-${budget}-reset`);
    const atMs = at ? Date.parse(at) : Number.NaN;
    if (!Number.isNaN(atMs)) resets.push({ ms: Math.max(0, atMs - wallClockMs), exhausted: headers.get(`anthropic-ratelimit-${budget}-remaining`)?.trim() === '0' });
  }
  if (resets.length === 0) return undefined;
  const refusing = resets.filter((reset) => reset.exhausted);
  return Math.max(...(refusing.length > 0 ? refusing : resets).map((reset) => reset.ms));
}

const GO_DURATION_UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** `1h2m3.5s`, `6m0s`, `120ms` -> ms; undefined unless the whole text is a Go duration. */
export function parseGoDurationMs(value: string | null | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let totalMs = 0;
  let consumed = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)) {
    if (match.index !== consumed) return undefined;
    totalMs += Number(match[1]) * GO_DURATION_UNIT_MS[match[2]];
    consumed += match[0].length;
  }
  return consumed === text.length ? Math.round(totalMs) : undefined;
}
