import type { CostAggregate, CostDimension, CostQuery } from '../spec/ledger.js';
import { filterSql } from './ledger-filter-sql.js';
import { ROLLUP_BUCKET_MS } from './migrations.js';
import { SQLITE, type SqlDialect } from './sql-dialect.js';

/** The GROUP BY expression of each `--by` dimension. */
function dimensionSql(dimension: CostDimension, dialect: SqlDialect): string {
  switch (dimension) {
    case 'provider':
      return 'a.provider';
    case 'model':
      return 'a.model_requested';
    case 'strategy':
      return 'a.strategy';
    case 'day':
      return 'd.label';
    case 'tag':
      // An attempt with tags appears once per tag; one without, once under null.
      return `CASE WHEN t.key IS NULL THEN NULL ELSE ${dialect.tagLabel} END`;
    case 'source':
      return 'a.cost_source';
  }
}

/**
 * One aggregate query for `costs`: the database groups and sums, JS only formats. Days are passed in
 * as a VALUES list of instant ranges, because day boundaries depend on a time zone SQLite does not know.
 */
export function costQuerySql(query: CostQuery, dialect: SqlDialect = SQLITE): { sql: string; params: Array<string | number> } {
  const by = [...new Set(query.by)];
  const params: Array<string | number> = [];
  const withDays = daysCte(query, params, dialect);
  let joins = '';
  if (by.includes('day')) joins += ' JOIN d ON a.started_at_ms >= d.start_ms AND a.started_at_ms < d.end_ms';
  if (by.includes('tag')) joins += dialect.tagJoin;
  const filter = filterSql({ sinceMs: query.sinceMs, untilMs: query.untilMs, provider: query.provider }, 'a', dialect);
  params.push(...filter.params);
  const keyColumns = by.map((dimension) => `${dimensionSql(dimension, dialect)} AS key_${dimension}`);
  const sql = `${withDays}SELECT ${[...keyColumns, ...aggregates(dialect)].join(', ')} FROM attempts AS a${joins} WHERE ${filter.where}${groupAndOrder(by.length)}`;
  return { sql, params };
}

/** GROUP BY and ORDER BY the first `keys` columns, "none" (NULL) first on both backends. */
function groupAndOrder(keys: number): string {
  if (keys === 0) return '';
  const columns = Array.from({ length: keys }, (_, index) => index + 1);
  return ` GROUP BY ${columns.join(', ')} ORDER BY ${columns.map((column) => `${column} NULLS FIRST`).join(', ')}`;
}

function daysCte(query: CostQuery, params: Array<string | number>, dialect: SqlDialect): string {
  if (!query.by.includes('day')) return '';
  const days = query.days ?? [];
  if (days.length === 0) return `WITH d (label, start_ms, end_ms) AS (${dialect.noDays}) `;
  for (const day of days) params.push(day.label, day.startMs, day.endMs);
  return `WITH d (label, start_ms, end_ms) AS (VALUES ${days.map(() => dialect.dayRow).join(', ')}) `;
}

/** Whether the rollups can answer: no tag grouping, and every boundary on a 15-minute bucket edge. */
export function rollupsCanAnswer(query: CostQuery): boolean {
  const aligned = (ms: number) => ms % ROLLUP_BUCKET_MS === 0;
  if (query.by.includes('tag') || !aligned(query.sinceMs) || !aligned(query.untilMs)) return false;
  return !query.by.includes('day') || (query.days ?? []).every((day) => aligned(day.startMs) && aligned(day.endMs));
}

const ROLLUP_DIMENSION_SQL: Record<Exclude<CostDimension, 'tag'>, string> = {
  provider: 'r.provider',
  model: 'r.model_requested',
  strategy: "NULLIF(r.strategy, '')",
  day: 'd.label',
  source: 'r.cost_source',
};

/** The same answer as costQuerySql, from attempt_rollups (see migration 0005); same column names. */
export function rollupCostQuerySql(query: CostQuery, dialect: SqlDialect = SQLITE): { sql: string; params: Array<string | number> } {
  const by = [...new Set(query.by)] as Array<Exclude<CostDimension, 'tag'>>;
  const params: Array<string | number> = [];
  const withDays = daysCte(query, params, dialect);
  const joins = by.includes('day') ? ' JOIN d ON r.bucket_start_ms >= d.start_ms AND r.bucket_start_ms < d.end_ms' : '';
  const clauses = ['r.bucket_start_ms >= ?', 'r.bucket_start_ms < ?'];
  params.push(query.sinceMs, query.untilMs);
  if (query.provider !== undefined) {
    clauses.push('r.provider = ?');
    params.push(query.provider);
  }
  const keyColumns = by.map((dimension) => `${ROLLUP_DIMENSION_SQL[dimension]} AS key_${dimension}`);
  const sql = `${withDays}SELECT ${[...keyColumns, ...rollupAggregates(dialect)].join(', ')} FROM attempt_rollups AS r${joins} WHERE ${clauses.join(' AND ')}${groupAndOrder(by.length)}`;
  return { sql, params };
}

function rollupAggregates({ total }: SqlDialect): string[] {
  return [
    `${total('r.requests')} AS requests`,
    `${total('r.failures')} AS failures`,
    `${total('r.input_tokens')} AS input_tokens`,
    `${total('r.output_tokens')} AS output_tokens`,
    `${total('r.cached_input_tokens')} AS cached_input_tokens`,
    `${total('r.cache_write_5m_tokens')} AS cache_write_5m_tokens`,
    `${total('r.cache_write_1h_tokens')} AS cache_write_1h_tokens`,
    `${total('r.reasoning_tokens')} AS reasoning_tokens`,
    `CASE WHEN ${total('r.unpriced_requests')} >= ${total('r.requests')} THEN NULL ELSE ${total('r.cost_usd')} END AS cost_usd`,
    `${total('r.unpriced_requests')} AS unpriced_requests`,
    `CASE WHEN ${total('r.ok_requests')} > 0 THEN ${total('r.ok_latency_ms_sum')} / ${total('r.ok_requests')} END AS mean_latency_ms`,
    'MIN(r.first_started_at_ms) AS first_started_at_ms',
    'MAX(r.last_started_at_ms) AS last_started_at_ms',
  ];
}

function aggregates({ total, countWhere }: SqlDialect): string[] {
  return [
    'COUNT(*) AS requests',
    `${countWhere("a.status = 'error'")} AS failures`,
    `${total('a.input_tokens')} AS input_tokens`,
    `${total('a.output_tokens')} AS output_tokens`,
    `${total('a.cached_input_tokens')} AS cached_input_tokens`,
    `${total('a.cache_write_5m_tokens')} AS cache_write_5m_tokens`,
    `${total('a.cache_write_1h_tokens')} AS cache_write_1h_tokens`,
    `${total('a.reasoning_tokens')} AS reasoning_tokens`,
    'SUM(a.cost_usd) AS cost_usd',
    `${countWhere('a.cost_usd IS NULL')} AS unpriced_requests`,
    "AVG(CASE WHEN a.status = 'ok' THEN a.latency_ms END) AS mean_latency_ms",
    'MIN(a.started_at_ms) AS first_started_at_ms',
    'MAX(a.started_at_ms) AS last_started_at_ms',
  ];
}

export interface CostRowSql {
  requests: number;
  failures: number;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  cost_usd: number | null;
  unpriced_requests: number;
  mean_latency_ms: number | null;
  first_started_at_ms: number;
  last_started_at_ms: number;
  [key: `key_${string}`]: string | null;
}

/** Rows of costQuerySql / rollupCostQuerySql as CostAggregates (groups with no requests left out). */
export function costAggregates(query: CostQuery, rows: readonly CostRowSql[]): CostAggregate[] {
  const by = [...new Set(query.by)];
  return rows
    .filter((row) => row.requests > 0)
    .map((row) => {
      const keys: Partial<Record<CostDimension, string | null>> = {};
      for (const dimension of by) keys[dimension] = row[`key_${dimension}`] ?? null;
      return {
        keys,
        requests: row.requests,
        failures: row.failures,
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        cachedInputTokens: row.cached_input_tokens,
        cacheWrite5mTokens: row.cache_write_5m_tokens,
        cacheWrite1hTokens: row.cache_write_1h_tokens,
        reasoningTokens: row.reasoning_tokens,
        costUsd: row.cost_usd,
        unpricedRequests: row.unpriced_requests,
        meanLatencyMs: row.mean_latency_ms,
        firstStartedAtMs: row.first_started_at_ms,
        lastStartedAtMs: row.last_started_at_ms,
      };
    });
}
