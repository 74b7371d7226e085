import type { Config } from '../spec/config.js';
import { UsageError } from '../spec/errors.js';
import type { CostAggregate, CostDimension, CostLedger } from '../spec/ledger.js';
import { budgetStatuses, hasBudgets, type BudgetStatus } from '../budget/budget-status.js';
import { PROJECTION_WINDOW_DAYS, projectionWindow, type CostsPeriod } from './costs-period.js';
import { DAY_MS, dayBuckets } from '../shared/time-zone.js';

/** One row of `costs --json` (and the totals, without the `by` keys). */
export type CostsRowJson = Partial<Record<CostDimension, string | null>> & {
  requests: number;
  failures: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  /** Cache writes of either lifetime (a subset of input); `cache_write_1h_tokens` the 1-hour ones among them. */
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  /** A subset of output. */
  reasoning_tokens: number;
  /** Known cost; null when every attempt in the row is unpriced. */
  cost_usd: number | null;
  unpriced_requests: number;
  mean_latency_ms: number | null;
};

export interface CostsProjectionJson {
  /** The trailing window the daily rate comes from (ISO instants) and its length. */
  basis_since: string;
  basis_until: string;
  basis_days: number;
  basis_cost_usd: number;
  daily_rate_usd: number;
  month_to_date_usd: number;
  remaining_days: number;
  projected_month_usd: number;
}

export interface BudgetJson {
  budget: string;
  provider: string | null;
  period: string;
  spent_usd: number;
  limit_usd: number;
  threshold: number;
  fraction: number;
  state: BudgetStatus['state'];
  on_exceed: BudgetStatus['onExceed'];
  unpriced_requests: number;
}

export interface CostsReportJson {
  period: { since: string; until: string; tz: string; label: string };
  by: CostDimension[];
  rows: CostsRowJson[];
  totals: CostsRowJson;
  projection?: CostsProjectionJson;
  budgets?: BudgetJson[];
}

export interface CostsReportOptions {
  ledger: CostLedger;
  config: Pick<Config, 'budgets'>;
  period: CostsPeriod;
  by: readonly CostDimension[];
  /** ms since epoch. */
  now: number;
}

/** Longest `--by day` period: the days travel as SQL parameters (three each). */
const MAX_DAYS = 10_000;

/**
 * The data behind `llmx costs`: grouped rows and totals aggregated by SQLite, a month-end projection
 * for the current month, and the budgets' standing. Same shape when the ledger is empty.
 */
export async function buildCostsReport(options: CostsReportOptions): Promise<CostsReportJson> {
  const { ledger, period } = options;
  const by = [...new Set(options.by)];
  const days = by.includes('day') ? dayBuckets(Math.max(period.sinceMs, await firstDayStart(options)), period.untilMs, period.timeZone) : undefined;
  if (days && days.length > MAX_DAYS) throw new UsageError(`--by day: the period spans ${days.length} days; at most ${MAX_DAYS} (narrow it with --since/--until)`);
  const rows = await ledger.aggregateCosts({ sinceMs: period.sinceMs, untilMs: period.untilMs, by, days });
  // Every attempt lands in exactly one group unless grouped by tag (one group per tag): then ask SQL
  // again; otherwise the totals are the sum of the few group rows, saving a second pass over the period.
  const totals = by.includes('tag') ? (await ledger.aggregateCosts({ sinceMs: period.sinceMs, untilMs: period.untilMs, by: [] }))[0] : combine(rows);
  const report: CostsReportJson = {
    period: { since: new Date(period.sinceMs).toISOString(), until: new Date(period.untilMs).toISOString(), tz: period.timeZone, label: period.label },
    by,
    rows: rows.map((row) => rowJson(row, by)),
    totals: rowJson(totals ?? EMPTY, []),
  };
  if (period.isCurrentMonth) report.projection = await projection(options, totals);
  if (hasBudgets(options.config)) {
    const statuses = await budgetStatuses({ config: options.config, ledger, now: options.now, timeZone: period.timeZone });
    report.budgets = statuses.map(budgetJson);
  }
  return report;
}

/** `--since` may be omitted (from the beginning): start the day list at the first row, not at 1970. */
async function firstDayStart(options: CostsReportOptions): Promise<number> {
  if (options.period.sinceMs > 0) return options.period.sinceMs;
  const [all] = await options.ledger.aggregateCosts({ sinceMs: 0, untilMs: options.period.untilMs, by: [] });
  return all === undefined ? options.period.untilMs : all.firstStartedAtMs;
}

async function projection(options: CostsReportOptions, totals: CostAggregate | undefined): Promise<CostsProjectionJson> {
  const window = projectionWindow(options.now);
  const [recent] = await options.ledger.aggregateCosts({ ...window, by: [] });
  // Up to now: rows dated later (clock skew, imports) are not spent yet. Usually there are none.
  const [toDate] = totals === undefined || totals.lastStartedAtMs < options.now ? [totals] : await options.ledger.aggregateCosts({ sinceMs: options.period.sinceMs, untilMs: options.now, by: [] });
  const monthToDateUsd = toDate?.costUsd ?? 0;
  const basisCostUsd = recent?.costUsd ?? 0;
  const dailyRateUsd = basisCostUsd / PROJECTION_WINDOW_DAYS;
  const remainingDays = Math.max(0, (options.period.untilMs - options.now) / DAY_MS);
  return {
    basis_since: new Date(window.sinceMs).toISOString(),
    basis_until: new Date(window.untilMs).toISOString(),
    basis_days: PROJECTION_WINDOW_DAYS,
    basis_cost_usd: roundUsd(basisCostUsd),
    daily_rate_usd: roundUsd(dailyRateUsd),
    month_to_date_usd: roundUsd(monthToDateUsd),
    remaining_days: Math.round(remainingDays * 100) / 100,
    projected_month_usd: roundUsd(monthToDateUsd + dailyRateUsd * remainingDays),
  };
}

const EMPTY: CostAggregate = {
  keys: {},
  requests: 0,
  failures: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
  unpricedRequests: 0,
  meanLatencyMs: null,
  firstStartedAtMs: 0,
  lastStartedAtMs: 0,
};

/** Totals of disjoint groups. */
function combine(rows: readonly CostAggregate[]): CostAggregate | undefined {
  if (rows.length === 0) return undefined;
  const total: CostAggregate = { ...EMPTY, costUsd: null, firstStartedAtMs: Infinity, lastStartedAtMs: -Infinity };
  let latencySumMs = 0;
  let okRequests = 0;
  for (const row of rows) {
    total.requests += row.requests;
    total.failures += row.failures;
    total.inputTokens += row.inputTokens;
    total.outputTokens += row.outputTokens;
    total.cachedInputTokens += row.cachedInputTokens;
    total.cacheWrite5mTokens += row.cacheWrite5mTokens;
    total.cacheWrite1hTokens += row.cacheWrite1hTokens;
    total.reasoningTokens += row.reasoningTokens;
    total.unpricedRequests += row.unpricedRequests;
    if (row.costUsd !== null) total.costUsd = (total.costUsd ?? 0) + row.costUsd;
    if (row.meanLatencyMs !== null) {
      latencySumMs += row.meanLatencyMs * (row.requests - row.failures);
      okRequests += row.requests - row.failures;
    }
    total.firstStartedAtMs = Math.min(total.firstStartedAtMs, row.firstStartedAtMs);
    total.lastStartedAtMs = Math.max(total.lastStartedAtMs, row.lastStartedAtMs);
  }
  total.meanLatencyMs = okRequests === 0 ? null : latencySumMs / okRequests;
  return total;
}

function rowJson(row: CostAggregate, by: readonly CostDimension[]): CostsRowJson {
  const json: CostsRowJson = {
    requests: row.requests,
    failures: row.failures,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cached_input_tokens: row.cachedInputTokens,
    cache_write_tokens: row.cacheWrite5mTokens + row.cacheWrite1hTokens,
    cache_write_1h_tokens: row.cacheWrite1hTokens,
    reasoning_tokens: row.reasoningTokens,
    // Only an all-unpriced group is unknown; an empty one costs 0.
    cost_usd: row.costUsd === null ? (row.requests === 0 ? 0 : null) : roundUsd(row.costUsd),
    unpriced_requests: row.unpricedRequests,
    mean_latency_ms: row.meanLatencyMs === null ? null : Math.round(row.meanLatencyMs * 10) / 10,
  };
  const keyed: CostsRowJson = {} as CostsRowJson;
  for (const dimension of by) keyed[dimension] = row.keys[dimension] ?? null;
  return { ...keyed, ...json };
}

function budgetJson(status: BudgetStatus): BudgetJson {
  return {
    budget: status.budget,
    provider: status.provider,
    period: status.periodLabel,
    spent_usd: roundUsd(status.spentUsd),
    limit_usd: status.limitUsd,
    threshold: status.threshold,
    fraction: Math.round(status.fraction * 10_000) / 10_000,
    state: status.state,
    on_exceed: status.onExceed,
    unpriced_requests: status.unpricedRequests,
  };
}

/** Micro-dollar precision: enough for a single cheap call, free of float noise. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
