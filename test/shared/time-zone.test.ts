import { describe, expect, it } from 'vitest';
import { parseDateFlag, resolveCostsPeriod } from '../../src/ledger/costs-period.js';
import { dayBuckets, monthRange, startOfDay } from '../../src/shared/time-zone.js';
import { UsageError } from '../../src/spec/errors.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('calendar boundaries in a time zone', () => {
  it('makes DST days 23 and 25 hours long', () => {
    const spring = dayBuckets(Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22), 'Europe/Berlin');
    expect(spring).toEqual([{ label: '2026-03-29', startMs: Date.UTC(2026, 2, 28, 23), endMs: Date.UTC(2026, 2, 29, 22) }]);
    expect(spring[0].endMs - spring[0].startMs).toBe(23 * HOUR);
    const autumn = dayBuckets(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23), 'Europe/Berlin');
    expect(autumn.map((day) => [day.label, (day.endMs - day.startMs) / HOUR])).toEqual([['2026-10-25', 25]]);
  });

  it('starts a day whose midnight is skipped at the transition (Havana, 2026-03-08)', () => {
    expect(iso(startOfDay(Date.UTC(2026, 2, 8, 18), 'America/Havana'))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(startOfDay(Date.UTC(2026, 2, 9, 18), 'America/Havana'))).toBe('2026-03-09T04:00:00.000Z');
  });

  it('handles 45-minute offsets and the far side of the date line', () => {
    expect(iso(monthRange(2026, 3, 'Asia/Kathmandu').sinceMs)).toBe('2026-02-28T18:15:00.000Z');
    expect(iso(monthRange(2026, 12, 'Pacific/Kiritimati').untilMs)).toBe('2026-12-31T10:00:00.000Z');
  });

  it('splits a period into days, clipped to it', () => {
    const days = dayBuckets(Date.UTC(2026, 2, 1, 12), Date.UTC(2026, 2, 3, 6), 'UTC');
    expect(days.map((day) => [day.label, iso(day.startMs), iso(day.endMs)])).toEqual([
      ['2026-03-01', '2026-03-01T12:00:00.000Z', '2026-03-02T00:00:00.000Z'],
      ['2026-03-02', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z'],
      ['2026-03-03', '2026-03-03T00:00:00.000Z', '2026-03-03T06:00:00.000Z'],
    ]);
  });
});

describe('costs period flags', () => {
  const now = Date.UTC(2026, 10, 27, 22, 30); // 2026-11-27 22:30 UTC: already the 28th in Tokyo

  it('defaults to the current month, with a projection', () => {
    expect(resolveCostsPeriod({}, now, 'UTC')).toMatchObject({ label: '2026-11', isCurrentMonth: true, sinceMs: Date.UTC(2026, 10, 1), untilMs: Date.UTC(2026, 11, 1) });
    expect(resolveCostsPeriod({ month: '2026-10' }, now, 'UTC').isCurrentMonth).toBe(false);
  });

  it('takes "today" in the zone', () => {
    expect(resolveCostsPeriod({ today: true }, now, 'Asia/Tokyo')).toMatchObject({ label: '2026-11-28', sinceMs: Date.UTC(2026, 10, 27, 15), untilMs: Date.UTC(2026, 10, 28, 15) });
  });

  it('reads dates as whole days in the zone, local times in the zone, and instants with an offset as given', () => {
    expect(parseDateFlag('--since', '2026-03-01', 'America/New_York', 'start')).toBe(Date.UTC(2026, 2, 1, 5));
    expect(parseDateFlag('--until', '2026-03-31', 'America/New_York', 'end')).toBe(Date.UTC(2026, 3, 1, 4));
    expect(parseDateFlag('--since', '2026-03-01T09:30', 'Europe/Berlin', 'start')).toBe(Date.UTC(2026, 2, 1, 8, 30));
    expect(parseDateFlag('--since', '2026-03-01T09:30:00+02:00', 'Europe/Berlin', 'start')).toBe(Date.UTC(2026, 2, 1, 7, 30));
    expect(parseDateFlag('--since', '2026-03-01T09:30:00Z', 'Europe/Berlin', 'start')).toBe(Date.UTC(2026, 2, 1, 9, 30));
  });

  it.each(['2026-02-29', '2026-3-1', '03/01/2026', '2026-03-01T25:00', ''])('refuses %j as a date', (value) => {
    expect(() => parseDateFlag('--since', value, 'UTC', 'start')).toThrow(UsageError);
  });
});
