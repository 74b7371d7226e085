import { createStyle } from '../../src/shared/color.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCostsPeriod } from '../../src/ledger/costs-period.js';
import { buildCostsReport } from '../../src/ledger/costs-report.js';
import { renderCostsCsv, renderCostsTable } from '../../src/ledger/render-costs.js';
import type { CostDimension } from '../../src/spec/ledger.js';
import { openStore } from '../../src/store/index.js';
import { marchFixture } from '../helpers/attempt-record.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const NO_BUDGETS = { budgets: { providers: {} } };
/** "Now" is after March 2026, so no projection applies to it. */
const AFTER_MARCH = Date.UTC(2026, 4, 15);

/*
 * The fixture priced by hand (USD per million tokens from the bundled table):
 *   r7  2026-02-28T23:30Z openai gpt-4         10k in x $30 + 1k out x $60                     = 0.36
 *   r1  2026-03-02T10:00Z openai gpt-4o        100k in x $2.50 + 20k out x $10                 = 0.45
 *   r2  2026-03-02T23:30Z openai gpt-4o-mini   100k in x $0.15 + 100k cached x $0.075 + 100k out x $0.60 = 0.0825
 *   r3  2026-03-03T00:59Z anthropic sonnet-4.5 429 error, no tokens                             = 0
 *   r3  2026-03-03T01:00Z anthropic sonnet-4.5 50k in x $3 + 10k out x $15                     = 0.30
 *   r5  2026-03-15T12:00Z ollama llama2        local                                           = 0
 *   r6  2026-03-20T12:00Z myproxy gpt-4o-mini-x                                                = unknown
 *   r8  2026-03-31T23:30Z openai gpt-4         20k in x $30 + 2k out x $60                     = 0.72
 */
async function report(by: CostDimension[], timeZone = 'UTC', month = '2026-03') {
  const store = await openStore({ path: join(tempDir(), 'costs.db') });
  store.ledger.insertMany(marchFixture());
  const period = resolveCostsPeriod({ month }, AFTER_MARCH, timeZone);
  const data = await buildCostsReport({ ledger: store.ledger, config: NO_BUDGETS, period, by, now: AFTER_MARCH });
  store.close();
  return data;
}

describe('buildCostsReport on the hand-priced fixture', () => {
  it('matches the hand totals for March in UTC to the cent, flagging the unpriced request', async () => {
    const data = await report(['provider']);
    expect(data.period).toEqual({ since: '2026-03-01T00:00:00.000Z', until: '2026-04-01T00:00:00.000Z', tz: 'UTC', label: '2026-03' });
    expect(data.totals).toMatchObject({ requests: 7, failures: 1, input_tokens: 376_000, output_tokens: 138_000, unpriced_requests: 1 });
    expect(data.totals.cost_usd).toBeCloseTo(0.45 + 0.0825 + 0.3 + 0.72, 2);
    expect(data.rows.map((row) => [row.provider, row.requests, row.failures, row.cost_usd, row.unpriced_requests])).toEqual([
      ['anthropic', 2, 1, 0.3, 0],
      ['myproxy', 1, 0, null, 1],
      ['ollama', 1, 0, 0, 0],
      ['openai', 3, 0, 1.2525, 0],
    ]);
    // Mean latency counts successful attempts only: (1000 + 400 + 1100) / 3 and the one ok Sonnet call.
    expect(data.rows.find((row) => row.provider === 'openai')?.mean_latency_ms).toBeCloseTo(833.3, 1);
    expect(data.rows.find((row) => row.provider === 'anthropic')?.mean_latency_ms).toBe(2000);
    expect(data.projection).toBeUndefined();
    expect(data.budgets).toBeUndefined();
  });

  it('moves the month boundaries with the time zone (Berlin gains r7 on Mar 1, loses r8 to April)', async () => {
    const berlin = await report([], 'Europe/Berlin');
    expect(berlin.period.since).toBe('2026-02-28T23:00:00.000Z');
    // After the switch to summer time on March 29, April starts at 22:00 UTC.
    expect(berlin.period.until).toBe('2026-03-31T22:00:00.000Z');
    expect(berlin.totals.requests).toBe(7);
    expect(berlin.totals.cost_usd).toBeCloseTo(0.36 + 0.45 + 0.0825 + 0.3, 2);
    const newYork = await report([], 'America/New_York');
    expect(newYork.period.since).toBe('2026-03-01T05:00:00.000Z');
    expect(newYork.period.until).toBe('2026-04-01T04:00:00.000Z');
    expect(newYork.totals.cost_usd).toBeCloseTo(1.5525, 2);
  });

  it('groups by day in the report zone', async () => {
    const utc = await report(['day']);
    expect(utc.rows.map((row) => [row.day, row.requests, row.cost_usd])).toEqual([
      ['2026-03-02', 2, 0.5325],
      ['2026-03-03', 2, 0.3],
      ['2026-03-15', 1, 0],
      ['2026-03-20', 1, null],
      ['2026-03-31', 1, 0.72],
    ]);
    // In New York, r2 (18:30) and r3 (19:59, 20:00) still fall on March 2.
    const newYork = await report(['day'], 'America/New_York');
    expect(newYork.rows.map((row) => [row.day, row.requests, row.cost_usd])).toEqual([
      ['2026-03-02', 4, 0.8325],
      ['2026-03-15', 1, 0],
      ['2026-03-20', 1, null],
      ['2026-03-31', 1, 0.72],
    ]);
  });

  it('groups by several keys at once, in the order given', async () => {
    const data = await report(['provider', 'model']);
    expect(data.by).toEqual(['provider', 'model']);
    expect(data.rows.map((row) => [row.provider, row.model, row.cost_usd])).toEqual([
      ['anthropic', 'claude-sonnet-4-5', 0.3],
      ['myproxy', 'gpt-4o-mini-x', null],
      ['ollama', 'llama2', 0],
      ['openai', 'gpt-4', 0.72],
      ['openai', 'gpt-4o', 0.45],
      ['openai', 'gpt-4o-mini', 0.0825],
    ]);
    const byStrategyDay = await report(['strategy', 'day']);
    expect(byStrategyDay.rows.map((row) => [row.strategy, row.day, row.requests])).toEqual([
      [null, '2026-03-20', 1],
      ['cost_optimized', '2026-03-03', 2],
      ['default', '2026-03-02', 2],
      ['default', '2026-03-31', 1],
      ['local_development', '2026-03-15', 1],
    ]);
  });

  it('groups by each tag key=value, untagged attempts under null, totals counting each attempt once', async () => {
    const data = await report(['tag']);
    expect(data.rows.map((row) => [row.tag, row.requests, row.cost_usd, row.unpriced_requests])).toEqual([
      [null, 4, 0.3, 1],
      ['job=ci', 1, 0.0825, 0],
      ['team=a', 1, 0.45, 0],
      ['team=b', 2, 0.8025, 0],
    ]);
    expect(data.totals.requests).toBe(7);
  });

  it('has the same shape for an empty period', async () => {
    const data = await report(['provider', 'day'], 'UTC', '2025-01');
    expect(data.rows).toEqual([]);
    expect(data.totals).toEqual({ requests: 0, failures: 0, input_tokens: 0, output_tokens: 0, cached_input_tokens: 0, cache_write_tokens: 0, cache_write_1h_tokens: 0, reasoning_tokens: 0, cost_usd: 0, unpriced_requests: 0, mean_latency_ms: null });
    expect(Object.keys(data)).toEqual(['period', 'by', 'rows', 'totals']);
  });

  it('projects the current month from the trailing 7 days', async () => {
    const store = await openStore({ path: join(tempDir(), 'costs.db') });
    store.ledger.insertMany(marchFixture());
    // Now: 2026-03-21T00:00Z. The 7 days before hold r5 ($0) and r6 (unknown): a zero rate;
    // so move r1's twin into the window: $0.45 on March 18.
    store.ledger.insertMany([{ ...marchFixture()[1], requestId: 'twin', startedAtMs: Date.UTC(2026, 2, 18) }]);
    const now = Date.UTC(2026, 2, 21);
    const period = resolveCostsPeriod({}, now, 'UTC');
    const data = await buildCostsReport({ ledger: store.ledger, config: NO_BUDGETS, period, by: ['provider'], now });
    store.close();
    expect(period.label).toBe('2026-03');
    expect(data.projection).toMatchObject({ basis_since: '2026-03-14T00:00:00.000Z', basis_until: '2026-03-21T00:00:00.000Z', basis_days: 7, remaining_days: 11 });
    expect(data.projection?.daily_rate_usd).toBeCloseTo(0.45 / 7, 6);
    // Month to date (to now): 0.45 + 0.0825 + 0.30 + 0.45 = 1.2825; plus 11 days at 0.45/7.
    expect(data.projection?.month_to_date_usd).toBeCloseTo(1.2825, 6);
    expect(data.projection?.projected_month_usd).toBeCloseTo(1.2825 + (0.45 / 7) * 11, 6);
  });

  it('renders a table with a totals row and the unpriced flag, and CSV rows', async () => {
    const data = await report(['provider']);
    const table = renderCostsTable(data, { style: createStyle(false), width: 120 });
    expect(table).toContain('Costs for 2026-03 (UTC)');
    expect(table).toMatch(/myproxy .*unknown \*1/);
    expect(table).toMatch(/Total .* 7 .* 1 .*376,000 .*138,000 .*\$1\.55 \*1/);
    expect(table).toMatch(/1 request\(s\) have no known price/);
    const csv = renderCostsCsv(data).trim().split('\n');
    expect(csv[0]).toBe('provider,requests,failures,input_tokens,output_tokens,cached_input_tokens,cache_write_tokens,cache_write_1h_tokens,reasoning_tokens,cost_usd,unpriced_requests,mean_latency_ms');
    expect(csv).toHaveLength(5);
    expect(csv[2]).toBe('myproxy,1,0,1000,1000,0,0,0,0,,1,600');
  });
});
