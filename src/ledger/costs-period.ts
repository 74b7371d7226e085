import { UsageError } from '../spec/errors.js';
import { DAY_MS, civilTimeOf, dayLabel, instantOf, monthRange, pad, startOfDay, startOfNextDay } from '../shared/time-zone.js';

/** The period a `costs` report covers: [sinceMs, untilMs) in `timeZone`. */
export interface CostsPeriod {
  sinceMs: number;
  untilMs: number;
  timeZone: string;
  /** "2026-11", "2026-11-27" or "2026-11-01 .. 2026-11-27" (both days included). */
  label: string;
  /** True when the period is the calendar month that contains `now`: a projection applies. */
  isCurrentMonth: boolean;
}

export interface PeriodFlags {
  today?: boolean;
  /** true for a bare --month (the current month), or "YYYY-MM". */
  month?: boolean | string;
  since?: string;
  until?: string;
}

/**
 * Resolves --today / --month [YYYY-MM] / --since / --until (default: the current month).
 * Date-only values are whole days in the zone: --since is from its midnight, --until includes its day.
 */
export function resolveCostsPeriod(flags: PeriodFlags, nowMs: number, timeZone: string): CostsPeriod {
  const ranged = flags.since !== undefined || flags.until !== undefined;
  if (flags.today && flags.month !== undefined) throw new UsageError('--today and --month cannot be combined');
  if (ranged && (flags.today || flags.month !== undefined)) throw new UsageError('--since/--until cannot be combined with --today or --month');

  if (flags.today) {
    const sinceMs = startOfDay(nowMs, timeZone);
    return { sinceMs, untilMs: startOfNextDay(nowMs, timeZone), timeZone, label: dayLabel(nowMs, timeZone), isCurrentMonth: false };
  }
  if (ranged) {
    const sinceMs = flags.since === undefined ? 0 : parseDateFlag('--since', flags.since, timeZone, 'start');
    const untilMs = flags.until === undefined ? startOfNextDay(nowMs, timeZone) : parseDateFlag('--until', flags.until, timeZone, 'end');
    if (sinceMs >= untilMs) throw new UsageError(`--since ${flags.since ?? '(the beginning)'} is not before --until ${flags.until ?? '(today)'}`);
    const first = flags.since === undefined ? 'beginning' : dayLabel(sinceMs, timeZone);
    return { sinceMs, untilMs, timeZone, label: `${first} .. ${dayLabel(untilMs - 1, timeZone)}`, isCurrentMonth: false };
  }
  const now = civilTimeOf(nowMs, timeZone);
  const [year, month] = typeof flags.month === 'string' ? parseMonthFlag(flags.month) : [now.year, now.month];
  const range = monthRange(year, month, timeZone);
  return {
    ...range,
    timeZone,
    label: `${year}-${pad(month)}`,
    isCurrentMonth: range.sinceMs <= nowMs && nowMs < range.untilMs,
  };
}

export function parseMonthFlag(value: string): [number, number] {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new UsageError(`--month: expected YYYY-MM (e.g. 2026-03), got ${JSON.stringify(value)}`);
  return [Number(match[1]), month];
}

/**
 * YYYY-MM-DD (a day in the zone: its start, or for `end` the start of the next day), a local
 * YYYY-MM-DDTHH:MM[:SS] in the zone, or an ISO 8601 instant with Z or an offset.
 */
export function parseDateFlag(flag: string, value: string, timeZone: string, edge: 'start' | 'end'): number {
  const bad = () => new UsageError(`${flag}: expected YYYY-MM-DD or an ISO 8601 date-time, got ${JSON.stringify(value)}`);
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!match) throw bad();
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) throw bad();
  if (match[4] === undefined) return instantOf(timeZone, year, month, edge === 'end' ? day + 1 : day);
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) throw bad();
  if (match[7] !== undefined) {
    const ms = Date.parse(value.trim().replace(' ', 'T'));
    if (Number.isNaN(ms)) throw bad();
    return ms;
  }
  return instantOf(timeZone, year, month, day, hour, minute, second);
}

/** The trailing window the current-month projection uses: 7 days (7 x 24 h). */
export const PROJECTION_WINDOW_DAYS = 7;

/**
 * The 7 days up to the last quarter hour before now: whole quarter hours, so the store can answer from
 * its 15-minute rollups instead of scanning a busy week's attempts.
 */
export function projectionWindow(nowMs: number): { sinceMs: number; untilMs: number } {
  const untilMs = Math.floor(nowMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  return { sinceMs: untilMs - PROJECTION_WINDOW_DAYS * DAY_MS, untilMs };
}

const QUARTER_HOUR_MS = 900_000;
