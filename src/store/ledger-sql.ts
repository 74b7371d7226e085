import type { AttemptRecord, LedgerFilter } from '../spec/ledger.js';
import { filterSql } from './ledger-filter-sql.js';
import { ROLLUP_BUCKET_MS } from './migrations.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * The ledger's read queries other than `costs` (cost-query-sql.ts), written once for both backends:
 * `?` placeholders, dialect spellings. Column aliases are the ProviderSummary fields, quoted so that
 * PostgreSQL keeps their case.
 */
type Query = { sql: string; params: Array<string | number> };

/** The columns of an attempt row, in insert order, and the AttemptRecord field each comes from. */
export const ATTEMPT_COLUMNS = [
  ['request_id', 'requestId'],
  ['attempt', 'attempt'],
  ['started_at_ms', 'startedAtMs'],
  ['command', 'command'],
  ['strategy', 'strategy'],
  ['provider', 'provider'],
  ['model_requested', 'modelRequested'],
  ['model_answered', 'modelAnswered'],
  ['status', 'status'],
  ['error_class', 'errorClass'],
  ['http_status', 'httpStatus'],
  ['error_message', 'errorMessage'],
  ['latency_ms', 'latencyMs'],
  ['ttft_ms', 'ttftMs'],
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['cached_input_tokens', 'cachedInputTokens'],
  ['cache_write_5m_tokens', 'cacheWrite5mTokens'],
  ['cache_write_1h_tokens', 'cacheWrite1hTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
  ['service_tier', 'serviceTier'],
  ['tokens_estimated', 'tokensEstimated'],
  ['input_price_per_mtok', 'inputPricePerMTok'],
  ['output_price_per_mtok', 'outputPricePerMTok'],
  ['cached_input_price_per_mtok', 'cachedInputPricePerMTok'],
  ['cache_write_5m_price_per_mtok', 'cacheWrite5mPricePerMTok'],
  ['cache_write_1h_price_per_mtok', 'cacheWrite1hPricePerMTok'],
  ['cost_usd', 'costUsd'],
  ['billed_cost_usd', 'billedCostUsd'],
  ['cost_source', 'costSource'],
  ['price_source', 'priceSource'],
  ['ci', 'ci'],
  ['tags', 'tags'],
  ['run_id', 'runId'],
  ['prompt_text', 'promptText'],
  ['response_text', 'responseText'],
] as const;

/** Whether a filter's bounds fall on rollup buckets (so the rollups can answer it). */
export function onQuarterHours(filter: LedgerFilter): boolean {
  return [filter.sinceMs, filter.untilMs].every((ms) => ms === undefined || ms % ROLLUP_BUCKET_MS === 0);
}

/** summarizeByProvider over the attempts. */
export function summarizeSql(filter: LedgerFilter, dialect: SqlDialect): Query {
  const { total, countWhere } = dialect;
  const { where, params } = filterSql(filter, 'a', dialect);
  const sql = `SELECT a.provider AS provider, ${countWhere("a.status = 'ok'")} AS "okRequests", ${countWhere("a.status = 'error'")} AS "errorRequests",
      ${total('a.input_tokens')} AS "inputTokens", ${total('a.output_tokens')} AS "outputTokens", ${total('a.cost_usd')} AS "costUsd",
      ${countWhere('a.cost_usd IS NULL')} AS "unpricedRequests", ${total("CASE WHEN a.status = 'ok' THEN a.latency_ms ELSE 0 END")} AS "latencyMsSum"
     FROM attempts AS a WHERE ${where} GROUP BY a.provider ORDER BY a.provider`;
  return { sql, params };
}

/** summarizeByProvider from the 15-minute rollups: metrics scrapes and health stay O(buckets). */
export function summarizeRollupsSql(filter: LedgerFilter, dialect: SqlDialect): Query {
  const { total } = dialect;
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  for (const [value, clause] of [
    [filter.provider, 'r.provider = ?'],
    [filter.sinceMs, 'r.bucket_start_ms >= ?'],
    [filter.untilMs, 'r.bucket_start_ms < ?'],
  ] as const) {
    if (value === undefined) continue;
    clauses.push(clause);
    params.push(value);
  }
  const sql = `SELECT r.provider AS provider, ${total('r.ok_requests')} AS "okRequests", ${total('r.failures')} AS "errorRequests",
      ${total('r.input_tokens')} AS "inputTokens", ${total('r.output_tokens')} AS "outputTokens", ${total('r.cost_usd')} AS "costUsd",
      ${total('r.unpriced_requests')} AS "unpricedRequests", ${total('r.ok_latency_ms_sum')} AS "latencyMsSum"
     FROM attempt_rollups AS r WHERE ${clauses.length === 0 ? dialect.true : clauses.join(' AND ')} GROUP BY r.provider ORDER BY r.provider`;
  return { sql, params };
}

/** Latencies of successful attempts, oldest first. */
export function latencySamplesSql(filter: LedgerFilter, dialect: SqlDialect): Query {
  const { where, params } = filterSql(filter, 'a', dialect);
  return { sql: `SELECT a.latency_ms FROM attempts AS a WHERE ${where} AND a.status = 'ok' ORDER BY a.started_at_ms`, params };
}

/** Cumulative bucket counts `b0..bN` of successful attempts per provider, with count and sum (s). */
export function latencyHistogramSql(boundsS: readonly number[], filter: LedgerFilter, dialect: SqlDialect): Query {
  const { where, params } = filterSql(filter, 'a', dialect);
  const buckets = boundsS.map((_, index) => `, ${dialect.countWhere('a.latency_ms <= ?')} AS b${index}`);
  const sql = `SELECT a.provider AS provider, COUNT(*) AS count, ${dialect.total('a.latency_ms')} / 1000.0 AS "sumS"${buckets.join('')}
     FROM attempts AS a WHERE ${where} AND a.status = 'ok' GROUP BY a.provider ORDER BY a.provider`;
  return { sql, params: [...boundsS.map((bound) => bound * 1000), ...params] };
}

/** Attempts, unpriced attempts and known cost of one request. */
export function requestCostSql(dialect: SqlDialect): string {
  return `SELECT COUNT(*) AS attempts, ${dialect.countWhere('cost_usd IS NULL')} AS unpriced, ${dialect.total('cost_usd')} AS cost FROM attempts WHERE request_id = ?`;
}

/** Known spend in [since, until) (of one provider when `byProvider`), from the rollups or the attempts; `?` order: [provider,] since, until. */
export function spendSql(rolled: boolean, byProvider: boolean, dialect: SqlDialect): string {
  const provider = byProvider ? 'provider = ? AND ' : '';
  return rolled
    ? `SELECT ${dialect.total('cost_usd')} FROM attempt_rollups WHERE ${provider}bucket_start_ms >= ? AND bucket_start_ms < ?`
    : `SELECT ${dialect.total('cost_usd')} FROM attempts WHERE ${provider}started_at_ms >= ? AND started_at_ms < ?`;
}

/**
 * An AttemptRecord as the values of ATTEMPT_COLUMNS (booleans 0/1, tags as JSON text). Rows written by
 * callers that predate a dimension (fixtures, embedders) mean "none of it"; the cost source follows
 * from the cost.
 */
export function attemptRow(record: AttemptRecord): Array<string | number | null> {
  return ATTEMPT_COLUMNS.map(([, field]) => {
    if (field === 'tokensEstimated' || field === 'ci') return record[field] ? 1 : 0;
    if (field === 'tags') return JSON.stringify(record.tags ?? {});
    if (field === 'cacheWrite5mTokens' || field === 'cacheWrite1hTokens' || field === 'reasoningTokens') return record[field] ?? 0;
    if (field === 'costSource') return record.costSource ?? (record.costUsd === null ? 'unknown' : 'computed');
    return record[field] ?? null;
  });
}
