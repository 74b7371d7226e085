import type Database from 'better-sqlite3';
import type {
  AlertClaim,
  AttemptRecord,
  CostAggregate,
  CostDimension,
  CostLedger,
  CostQuery,
  LedgerFilter,
  AttemptRepricer,
  ProviderSummary,
  RepricedFields,
  RepriceResult,
} from '../spec/ledger.js';
import { costQuerySql, rollupCostQuerySql, rollupsCanAnswer, type CostRowSql } from './cost-query-sql.js';
import { filterSql } from './ledger-filter-sql.js';
import { ROLLUP_BUCKET_MS } from './migrations.js';

/** The Ledger on the `attempts` table: one row per attempt, priced at write time. */
export class SqliteLedger implements CostLedger {
  private readonly insertAttempt: Database.Statement<Record<string, unknown>>;
  private readonly requestCost: Database.Statement<[string], { attempts: number; unpriced: number; cost: number }>;
  private readonly alertExists: Database.Statement<[string], number | undefined>;
  private readonly spendAll: Database.Statement<[number, number], number>;
  private readonly spendOfProvider: Database.Statement<[string, number, number], number>;
  private readonly rolledSpendAll: Database.Statement<[number, number], number>;
  private readonly rolledSpendOfProvider: Database.Statement<[string, number, number], number>;
  private readonly insertAlert: Database.Statement<Record<string, unknown>>;
  private readonly runClaim: Database.Transaction<(claim: AlertClaim) => { spentUsd: number } | null>;
  /** Statements whose text depends on the query's shape, prepared once per shape. */
  private readonly shaped = new Map<string, Database.Statement>();

  /**
   * @param options.rollups answer `aggregateCosts` from the 15-minute rollups when they can (default
   *   true); false forces the scan of attempts, which tests use to check both agree.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly options: { rollups?: boolean } = {},
  ) {
    this.insertAttempt = db.prepare(`
      INSERT INTO attempts (
        request_id, attempt, started_at_ms, command, strategy, provider, model_requested, model_answered,
        status, error_class, http_status, error_message, latency_ms, ttft_ms,
        input_tokens, output_tokens, cached_input_tokens, cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens,
        service_tier, tokens_estimated,
        input_price_per_mtok, output_price_per_mtok, cached_input_price_per_mtok, cache_write_5m_price_per_mtok, cache_write_1h_price_per_mtok,
        cost_usd, billed_cost_usd, cost_source, price_source,
        ci, tags, run_id, prompt_text, response_text
      ) VALUES (
        @requestId, @attempt, @startedAtMs, @command, @strategy, @provider, @modelRequested, @modelAnswered,
        @status, @errorClass, @httpStatus, @errorMessage, @latencyMs, @ttftMs,
        @inputTokens, @outputTokens, @cachedInputTokens, @cacheWrite5mTokens, @cacheWrite1hTokens, @reasoningTokens,
        @serviceTier, @tokensEstimated,
        @inputPricePerMTok, @outputPricePerMTok, @cachedInputPricePerMTok, @cacheWrite5mPricePerMTok, @cacheWrite1hPricePerMTok,
        @costUsd, @billedCostUsd, @costSource, @priceSource,
        @ci, @tags, @runId, @promptText, @responseText
      )`);
    this.requestCost = db.prepare('SELECT COUNT(*) AS attempts, TOTAL(cost_usd IS NULL) AS unpriced, TOTAL(cost_usd) AS cost FROM attempts WHERE request_id = ?');
    this.alertExists = db.prepare<[string], number | undefined>('SELECT 1 FROM budget_alerts WHERE key = ?').pluck();
    this.spendAll = db.prepare<[number, number], number>('SELECT TOTAL(cost_usd) FROM attempts WHERE started_at_ms >= ? AND started_at_ms < ?').pluck();
    this.spendOfProvider = db
      .prepare<[string, number, number], number>('SELECT TOTAL(cost_usd) FROM attempts WHERE provider = ? AND started_at_ms >= ? AND started_at_ms < ?')
      .pluck();
    this.rolledSpendAll = db.prepare<[number, number], number>('SELECT TOTAL(cost_usd) FROM attempt_rollups WHERE bucket_start_ms >= ? AND bucket_start_ms < ?').pluck();
    this.rolledSpendOfProvider = db
      .prepare<[string, number, number], number>('SELECT TOTAL(cost_usd) FROM attempt_rollups WHERE provider = ? AND bucket_start_ms >= ? AND bucket_start_ms < ?')
      .pluck();
    this.insertAlert = db.prepare(`
      INSERT INTO budget_alerts (key, budget, period, provider, threshold, spent_usd, limit_usd, fired_at_ms)
      VALUES (@key, @budget, @period, @provider, @threshold, @spentUsd, @limitUsd, @nowMs)`);
    // Decide and record in one write transaction: two processes crossing together see one winner.
    this.runClaim = db.transaction((claim: AlertClaim) => {
      if (this.alertExists.get(claim.key) !== undefined) return null;
      const rolled = this.options.rollups !== false && rollupsCanAnswer({ sinceMs: claim.sinceMs, untilMs: claim.untilMs, by: [] });
      const spentUsd =
        claim.provider === null
          ? (rolled ? this.rolledSpendAll : this.spendAll).get(claim.sinceMs, claim.untilMs)
          : (rolled ? this.rolledSpendOfProvider : this.spendOfProvider).get(claim.provider, claim.sinceMs, claim.untilMs);
      if (spentUsd === undefined || spentUsd < claim.threshold * claim.limitUsd) return null;
      this.insertAlert.run({ ...claim, spentUsd });
      return { spentUsd };
    });
  }

  async insert(record: AttemptRecord): Promise<void> {
    this.insertSync(record);
  }

  insertSync(record: AttemptRecord): void {
    this.insertAttempt.run({
      ...record,
      // Rows written by callers that predate a dimension (fixtures, embedders) mean "none of it".
      cacheWrite5mTokens: record.cacheWrite5mTokens ?? 0,
      cacheWrite1hTokens: record.cacheWrite1hTokens ?? 0,
      reasoningTokens: record.reasoningTokens ?? 0,
      serviceTier: record.serviceTier ?? null,
      cacheWrite5mPricePerMTok: record.cacheWrite5mPricePerMTok ?? null,
      cacheWrite1hPricePerMTok: record.cacheWrite1hPricePerMTok ?? null,
      billedCostUsd: record.billedCostUsd ?? null,
      costSource: record.costSource ?? (record.costUsd === null ? 'unknown' : 'computed'),
      priceSource: record.priceSource ?? null,
      tokensEstimated: record.tokensEstimated ? 1 : 0,
      ci: record.ci ? 1 : 0,
      tags: JSON.stringify(record.tags ?? {}),
    });
  }

  /** Inserts many records in one transaction (imports, benchmarks, fixtures). */
  insertMany(records: Iterable<AttemptRecord>): number {
    let count = 0;
    this.db.transaction(() => {
      for (const record of records) {
        this.insertSync(record);
        count += 1;
      }
    })();
    return count;
  }

  async summarizeByProvider(filter: LedgerFilter): Promise<ProviderSummary[]> {
    if (this.options.rollups !== false && filter.command === undefined && onQuarterHours(filter)) return this.summarizeFromRollups(filter);
    const { where, params } = filterSql(filter);
    const rows = this.statement(
      `SELECT a.provider AS provider, TOTAL(a.status = 'ok') AS okRequests, TOTAL(a.status = 'error') AS errorRequests,
        TOTAL(a.input_tokens) AS inputTokens, TOTAL(a.output_tokens) AS outputTokens, TOTAL(a.cost_usd) AS costUsd,
        TOTAL(a.cost_usd IS NULL) AS unpricedRequests, TOTAL(CASE WHEN a.status = 'ok' THEN a.latency_ms ELSE 0 END) AS latencyMsSum
       FROM attempts AS a WHERE ${where} GROUP BY a.provider ORDER BY a.provider`,
    ).all(...params) as ProviderSummary[];
    return rows;
  }

  /** summarizeByProvider from the 15-minute rollups: metrics scrapes and health stay O(buckets). */
  private summarizeFromRollups(filter: LedgerFilter): ProviderSummary[] {
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
    return this.statement(
      `SELECT r.provider AS provider, TOTAL(r.ok_requests) AS okRequests, TOTAL(r.failures) AS errorRequests,
        TOTAL(r.input_tokens) AS inputTokens, TOTAL(r.output_tokens) AS outputTokens, TOTAL(r.cost_usd) AS costUsd,
        TOTAL(r.unpriced_requests) AS unpricedRequests, TOTAL(r.ok_latency_ms_sum) AS latencyMsSum
       FROM attempt_rollups AS r WHERE ${clauses.length === 0 ? '1' : clauses.join(' AND ')} GROUP BY r.provider ORDER BY r.provider`,
    ).all(...params) as ProviderSummary[];
  }

  async latencySamples(filter: LedgerFilter): Promise<number[]> {
    const { where, params } = filterSql(filter);
    return this.statement(`SELECT a.latency_ms FROM attempts AS a WHERE ${where} AND a.status = 'ok' ORDER BY a.started_at_ms`)
      .pluck()
      .all(...params) as number[];
  }

  async latencyHistogram(
    boundsS: readonly number[],
    filter: LedgerFilter,
  ): Promise<Array<{ provider: string; cumulativeCounts: number[]; count: number; sumS: number }>> {
    const { where, params } = filterSql(filter);
    const buckets = boundsS.map((_, index) => `TOTAL(a.latency_ms <= ?) AS b${index}`);
    const rows = this.statement(
      `SELECT a.provider AS provider, COUNT(*) AS count, TOTAL(a.latency_ms) / 1000.0 AS sumS${buckets.map((bucket) => `, ${bucket}`).join('')}
       FROM attempts AS a WHERE ${where} AND a.status = 'ok' GROUP BY a.provider ORDER BY a.provider`,
    ).all(...boundsS.map((bound) => bound * 1000), ...params) as Array<Record<string, number> & { provider: string }>;
    return rows.map((row) => ({
      provider: row.provider,
      count: row.count,
      sumS: row.sumS,
      cumulativeCounts: boundsS.map((_, index) => row[`b${index}`]),
    }));
  }

  async aggregateCosts(query: CostQuery): Promise<CostAggregate[]> {
    const useRollups = this.options.rollups !== false && rollupsCanAnswer(query);
    const { sql, params } = useRollups ? rollupCostQuerySql(query) : costQuerySql(query);
    const rows = this.statement(sql).all(...params) as CostRowSql[];
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

  async requestCostUsd(requestId: string): Promise<number | null> {
    const row = this.requestCost.get(requestId);
    if (row === undefined || row.attempts === 0 || row.unpriced > 0) return null;
    return row.cost;
  }

  /**
   * The cost rule is src/pricing's (`repricer`), not SQL's: tiers and service-tier variants depend on
   * each row. Rows are read a page at a time by id (a statement cannot write while another iterates)
   * and only rows whose price columns change are written, all in one transaction.
   */
  async reprice(repricer: AttemptRepricer, filter: LedgerFilter = {}): Promise<RepriceResult> {
    const { where, params } = filterSql(filter);
    const page = this.statement(
      `SELECT a.id, a.provider, a.model_requested, a.model_answered, a.input_tokens, a.output_tokens, a.cached_input_tokens,
         a.cache_write_5m_tokens, a.cache_write_1h_tokens, a.reasoning_tokens, a.service_tier, a.tokens_estimated, a.billed_cost_usd,
         a.input_price_per_mtok, a.output_price_per_mtok, a.cached_input_price_per_mtok, a.cache_write_5m_price_per_mtok,
         a.cache_write_1h_price_per_mtok, a.cost_usd, a.cost_source, a.price_source
       FROM attempts AS a WHERE ${where} AND a.id > ? ORDER BY a.id LIMIT ${REPRICE_PAGE_ROWS}`,
    );
    const update = this.db.prepare(`
      UPDATE attempts SET input_price_per_mtok = @inputPricePerMTok, output_price_per_mtok = @outputPricePerMTok,
        cached_input_price_per_mtok = @cachedInputPricePerMTok, cache_write_5m_price_per_mtok = @cacheWrite5mPricePerMTok,
        cache_write_1h_price_per_mtok = @cacheWrite1hPricePerMTok, cost_usd = @costUsd, cost_source = @costSource, price_source = @priceSource
      WHERE id = @id`);
    const result: RepriceResult = { examined: 0, changed: 0, unpriced: 0, billed: 0, changes: [] };
    const changes = new Map<string, RepriceResult['changes'][number]>();
    this.db.transaction(() => {
      let afterId = 0;
      for (;;) {
        const rows = page.all(...params, afterId) as StoredPricing[];
        if (rows.length === 0) break;
        afterId = rows[rows.length - 1].id;
        for (const row of rows) {
          result.examined += 1;
          // What the server billed is the cost, whatever llmx's prices say.
          if (row.cost_source === 'billed') {
            result.billed += 1;
            continue;
          }
          const next = repricer({
            provider: row.provider,
            modelRequested: row.model_requested,
            modelAnswered: row.model_answered,
            inputTokens: row.input_tokens,
            outputTokens: row.output_tokens,
            cachedInputTokens: row.cached_input_tokens,
            cacheWrite5mTokens: row.cache_write_5m_tokens,
            cacheWrite1hTokens: row.cache_write_1h_tokens,
            reasoningTokens: row.reasoning_tokens,
            serviceTier: row.service_tier,
            tokensEstimated: row.tokens_estimated === 1,
            billedCostUsd: null,
          });
          if (next.costUsd === null) result.unpriced += 1;
          if (samePricing(row, next)) continue;
          update.run({ ...next, id: row.id });
          result.changed += 1;
          const model = row.model_answered ?? row.model_requested;
          const key = JSON.stringify([row.provider, model, row.price_source, next.priceSource]);
          let change = changes.get(key);
          if (!change) {
            change = { provider: row.provider, model, fromSource: row.price_source, toSource: next.priceSource, attempts: 0, costBeforeUsd: 0, costAfterUsd: 0, unknownBefore: 0, unknownAfter: 0 };
            changes.set(key, change);
          }
          change.attempts += 1;
          if (row.cost_usd === null) change.unknownBefore += 1;
          else change.costBeforeUsd += row.cost_usd;
          if (next.costUsd === null) change.unknownAfter += 1;
          else change.costAfterUsd += next.costUsd;
        }
      }
    }).immediate();
    result.changes = [...changes.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
    return result;
  }

  async claimAlert(claim: AlertClaim): Promise<{ spentUsd: number } | null> {
    return this.runClaim.immediate(claim);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.shaped.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.shaped.set(sql, statement);
    }
    return statement;
  }
}

/** Rows per read while repricing: bounded memory on a ledger of millions. */
const REPRICE_PAGE_ROWS = 5000;

/** A stored attempt's pricing inputs and outputs, as a reprice reads them. */
interface StoredPricing {
  id: number;
  provider: string;
  model_requested: string;
  model_answered: string | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  service_tier: string | null;
  tokens_estimated: number;
  billed_cost_usd: number | null;
  input_price_per_mtok: number | null;
  output_price_per_mtok: number | null;
  cached_input_price_per_mtok: number | null;
  cache_write_5m_price_per_mtok: number | null;
  cache_write_1h_price_per_mtok: number | null;
  cost_usd: number | null;
  cost_source: string;
  price_source: string | null;
}

function samePricing(row: StoredPricing, next: RepricedFields): boolean {
  return (
    row.input_price_per_mtok === next.inputPricePerMTok &&
    row.output_price_per_mtok === next.outputPricePerMTok &&
    row.cached_input_price_per_mtok === next.cachedInputPricePerMTok &&
    row.cache_write_5m_price_per_mtok === next.cacheWrite5mPricePerMTok &&
    row.cache_write_1h_price_per_mtok === next.cacheWrite1hPricePerMTok &&
    row.cost_usd === next.costUsd &&
    row.cost_source === next.costSource &&
    row.price_source === next.priceSource
  );
}

function onQuarterHours(filter: LedgerFilter): boolean {
  return [filter.sinceMs, filter.untilMs].every((ms) => ms === undefined || ms % ROLLUP_BUCKET_MS === 0);
}
