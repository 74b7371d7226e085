import { UsageError } from '../spec/errors.js';

/**
 * Calendar arithmetic in an IANA time zone, with only Intl (no tz database package): day and month
 * boundaries are found as instants, so DST days are 23 or 25 hours long as they should be.
 */

export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The process's zone (honours TZ). */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Validates an IANA zone name (`--tz`); a bad one is a usage error naming the flag. */
export function resolveTimeZone(timeZone: string | undefined, flag = '--tz'): string {
  if (timeZone === undefined) return localTimeZone();
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`${flag}: unknown time zone ${JSON.stringify(timeZone)} (expected an IANA name such as UTC or Europe/Berlin)`);
  }
}

export interface CivilTime {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function civilTimeOf(ms: number, timeZone: string): CivilTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at instant `ms`, in ms (positive east of Greenwich). */
function offsetMs(ms: number, timeZone: string): number {
  const civil = civilTimeOf(ms, timeZone);
  const asUtc = Date.UTC(civil.year, civil.month - 1, civil.day, civil.hour, civil.minute, civil.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time happens in `timeZone`. Month and day may overflow (day 32 = next
 * month), which is how callers step to the next day or month.
 */
export function instantOf(timeZone: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = wall - offsetMs(wall, timeZone);
  const second_ = wall - offsetMs(first, timeZone);
  const exact = [first, second_].filter((instant) => instant + offsetMs(instant, timeZone) === wall);
  // Twice in a fall-back overlap: the earlier. Never in a spring-forward gap: the later guess, which
  // is the transition itself (the first instant of a day whose midnight is skipped).
  return exact.length > 0 ? Math.min(...exact) : Math.max(first, second_);
}

export function startOfDay(ms: number, timeZone: string): number {
  const civil = civilTimeOf(ms, timeZone);
  return instantOf(timeZone, civil.year, civil.month, civil.day);
}

export function startOfNextDay(ms: number, timeZone: string): number {
  const civil = civilTimeOf(ms, timeZone);
  return instantOf(timeZone, civil.year, civil.month, civil.day + 1);
}

/** `YYYY-MM-DD` of the instant in the zone. */
export function dayLabel(ms: number, timeZone: string): string {
  const civil = civilTimeOf(ms, timeZone);
  return `${civil.year}-${pad(civil.month)}-${pad(civil.day)}`;
}

/** `YYYY-MM` of the instant in the zone. */
export function monthLabel(ms: number, timeZone: string): string {
  const civil = civilTimeOf(ms, timeZone);
  return `${civil.year}-${pad(civil.month)}`;
}

export function monthRange(year: number, month: number, timeZone: string): { sinceMs: number; untilMs: number } {
  return { sinceMs: instantOf(timeZone, year, month, 1), untilMs: instantOf(timeZone, year, month + 1, 1) };
}

/** The calendar days (in the zone) overlapping [sinceMs, untilMs), clipped to it. */
export function dayBuckets(sinceMs: number, untilMs: number, timeZone: string): Array<{ label: string; startMs: number; endMs: number }> {
  const days: Array<{ label: string; startMs: number; endMs: number }> = [];
  let start = sinceMs;
  while (start < untilMs) {
    const end = Math.min(startOfNextDay(start, timeZone), untilMs);
    days.push({ label: dayLabel(start, timeZone), startMs: start, endMs: end });
    start = end;
  }
  return days;
}

export function pad(value: number): string {
  return String(value).padStart(2, '0');
}
