import type { CostDimension, CostQuery } from '../spec/ledger.js';
import { filterSql } from './ledger-filter-sql.js';
import { ROLLUP_BUCKET_MS } from './migrations.js';

/** The GROUP BY expression of each `--by` dimension. */
const DIMENSION_SQL: Record<CostDimension, string> = {
  provider: 'a.provider',
  model: 'a.model_requested',
  strategy: 'a.strategy',
  day: 'd.label',
  // An attempt with tags appears once per tag; one without, once under null.
  tag: "CASE WHEN t.key IS NULL THEN NULL ELSE t.key || '=' || t.value END",
  source: 'a.cost_source',
};

/**
 * One aggregate query for `costs`: SQLite groups and sums, JS only formats. Days are passed in as a
 * VALUES list of instant ranges, because day boundaries depend on a time zone SQLite does not know.
 */
export function costQuerySql(query: CostQuery): { sql: string; params: Array<string | number> } {
  const by = [...new Set(query.by)];
  const params: Array<string | number> = [];
  const withDays = daysCte(query, params);
  let joins = '';
  if (by.includes('day')) joins += ' JOIN d ON a.started_at_ms >= d.start_ms AND a.started_at_ms < d.end_ms';
  if (by.includes('tag')) joins += ' LEFT JOIN json_each(a.tags) AS t';
  const filter = filterSql({ sinceMs: query.sinceMs, untilMs: query.untilMs, provider: query.provider });
  params.push(...filter.params);
  const keyColumns = by.map((dimension) => `${DIMENSION_SQL[dimension]} AS key_${dimension}`);
  const sql =
    `${withDays}SELECT ${[...keyColumns, ...AGGREGATES].join(', ')} FROM attempts AS a${joins} WHERE ${filter.where}` +
    (by.length === 0 ? '' : ` GROUP BY ${by.map((_, index) => index + 1).join(', ')} ORDER BY ${by.map((_, index) => index + 1).join(', ')}`);
  return { sql, params };
}

function daysCte(query: CostQuery, params: Array<string | number>): string {
  if (!query.by.includes('day')) return '';
  const days = query.days ?? [];
  if (days.length === 0) return 'WITH d (label, start_ms, end_ms) AS (SELECT NULL, 0, 0 WHERE 0) ';
  for (const day of days) params.push(day.label, day.startMs, day.endMs);
  return `WITH d (label, start_ms, end_ms) AS (VALUES ${days.map(() => '(?, ?, ?)').join(', ')}) `;
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
export function rollupCostQuerySql(query: CostQuery): { sql: string; params: Array<string | number> } {
  const by = [...new Set(query.by)] as Array<Exclude<CostDimension, 'tag'>>;
  const params: Array<string | number> = [];
  const withDays = daysCte(query, params);
  const joins = by.includes('day') ? ' JOIN d ON r.bucket_start_ms >= d.start_ms AND r.bucket_start_ms < d.end_ms' : '';
  const clauses = ['r.bucket_start_ms >= ?', 'r.bucket_start_ms < ?'];
  params.push(query.sinceMs, query.untilMs);
  if (query.provider !== undefined) {
    clauses.push('r.provider = ?');
    params.push(query.provider);
  }
  const keyColumns = by.map((dimension) => `${ROLLUP_DIMENSION_SQL[dimension]} AS key_${dimension}`);
  const sql =
    `${withDays}SELECT ${[...keyColumns, ...ROLLUP_AGGREGATES].join(', ')} FROM attempt_rollups AS r${joins} WHERE ${clauses.join(' AND ')}` +
    (by.length === 0 ? '' : ` GROUP BY ${by.map((_, index) => index + 1).join(', ')} ORDER BY ${by.map((_, index) => index + 1).join(', ')}`);
  return { sql, params };
}

const ROLLUP_AGGREGATES = [
  'TOTAL(r.requests) AS requests',
  'TOTAL(r.failures) AS failures',
  'TOTAL(r.input_tokens) AS input_tokens',
  'TOTAL(r.output_tokens) AS output_tokens',
  'TOTAL(r.cached_input_tokens) AS cached_input_tokens',
  'TOTAL(r.cache_write_5m_tokens) AS cache_write_5m_tokens',
  'TOTAL(r.cache_write_1h_tokens) AS cache_write_1h_tokens',
  'TOTAL(r.reasoning_tokens) AS reasoning_tokens',
  'CASE WHEN TOTAL(r.unpriced_requests) >= TOTAL(r.requests) THEN NULL ELSE TOTAL(r.cost_usd) END AS cost_usd',
  'TOTAL(r.unpriced_requests) AS unpriced_requests',
  'CASE WHEN TOTAL(r.ok_requests) > 0 THEN TOTAL(r.ok_latency_ms_sum) / TOTAL(r.ok_requests) END AS mean_latency_ms',
  'MIN(r.first_started_at_ms) AS first_started_at_ms',
  'MAX(r.last_started_at_ms) AS last_started_at_ms',
];

const AGGREGATES = [
  'COUNT(*) AS requests',
  "TOTAL(a.status = 'error') AS failures",
  'TOTAL(a.input_tokens) AS input_tokens',
  'TOTAL(a.output_tokens) AS output_tokens',
  'TOTAL(a.cached_input_tokens) AS cached_input_tokens',
  'TOTAL(a.cache_write_5m_tokens) AS cache_write_5m_tokens',
  'TOTAL(a.cache_write_1h_tokens) AS cache_write_1h_tokens',
  'TOTAL(a.reasoning_tokens) AS reasoning_tokens',
  'SUM(a.cost_usd) AS cost_usd',
  'TOTAL(a.cost_usd IS NULL) AS unpriced_requests',
  "AVG(CASE WHEN a.status = 'ok' THEN a.latency_ms END) AS mean_latency_ms",
  'MIN(a.started_at_ms) AS first_started_at_ms',
  'MAX(a.started_at_ms) AS last_started_at_ms',
];

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
