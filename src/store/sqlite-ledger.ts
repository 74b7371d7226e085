import type Database from 'better-sqlite3';
import type {
  AlertClaim,
  AttemptRecord,
  CostAggregate,
  CostDimension,
  CostLedger,
  CostQuery,
  LedgerFilter,
  AttemptPriceLookup,
  ProviderSummary,
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

  async reprice(pricesOf: AttemptPriceLookup, filter: LedgerFilter = {}): Promise<RepriceResult> {
    const { where, params } = filterSql(filter);
    const groups = this.statement(
      `SELECT a.provider, a.model_requested, a.model_answered, COUNT(*) FROM attempts AS a WHERE ${where} GROUP BY 1, 2, 3`,
    )
      .raw()
      .all(...params) as Array<[string, string, string | null, number]>;
    // The same formula as costUsd() in src/pricing, term for term, so a reprice with unchanged prices changes nothing.
    // Named parameters: better-sqlite3 treats numbered ones (?1) as names, so they cannot mix with positional binding.
    const read = 'MIN(cached_input_tokens, input_tokens)';
    const write5m = `MIN(cache_write_5m_tokens, input_tokens - ${read})`;
    const write1h = `MIN(cache_write_1h_tokens, input_tokens - ${read} - ${write5m})`;
    const cost =
      `((input_tokens - ${read} - ${write5m} - ${write1h}) * @input + ${read} * @cachedForCost + ${write5m} * @write5mForCost + ` +
      `${write1h} * @write1hForCost + output_tokens * @output) / 1000000.0`;
    const scope = [
      'provider = @provider AND model_requested = @requested AND model_answered IS @answered',
      // What the server billed is the cost, whatever llmx's prices say.
      "cost_source <> 'billed'",
      ...(filter.provider === undefined ? [] : ['provider = @filterProvider']),
      ...(filter.sinceMs === undefined ? [] : ['started_at_ms >= @sinceMs']),
      ...(filter.untilMs === undefined ? [] : ['started_at_ms < @untilMs']),
      ...(filter.command === undefined ? [] : ['command = @command']),
    ].join(' AND ');
    const scopeParams = {
      ...(filter.provider === undefined ? {} : { filterProvider: filter.provider }),
      ...(filter.sinceMs === undefined ? {} : { sinceMs: filter.sinceMs }),
      ...(filter.untilMs === undefined ? {} : { untilMs: filter.untilMs }),
      ...(filter.command === undefined ? {} : { command: filter.command }),
    };
    // As the recorder: an unknown price makes the cost unknown, unless the attempt used no tokens at all.
    const unknownCost = '(CASE WHEN input_tokens = 0 AND output_tokens = 0 THEN 0 ELSE NULL END)';
    const priceColumns = ['input_price_per_mtok', 'output_price_per_mtok', 'cached_input_price_per_mtok', 'cache_write_5m_price_per_mtok', 'cache_write_1h_price_per_mtok'];
    const priceParams = ['@input', '@output', '@cachedColumn', '@write5mColumn', '@write1hColumn'];
    const priced = this.statement(
      `UPDATE attempts SET ${priceColumns.map((column, index) => `${column} = ${priceParams[index]}`).join(', ')}, cost_usd = ${cost},
         cost_source = 'computed', price_source = @source
       WHERE ${scope} AND (${priceColumns.map((column, index) => `${column} IS NOT ${priceParams[index]}`).join(' OR ')}
         OR cost_usd IS NOT ${cost} OR cost_source IS NOT 'computed' OR price_source IS NOT @source)`,
    );
    const unpriced = this.statement(
      `UPDATE attempts SET ${priceColumns.map((column) => `${column} = NULL`).join(', ')}, cost_usd = ${unknownCost},
         cost_source = CASE WHEN ${unknownCost} IS NULL THEN 'unknown' ELSE 'computed' END, price_source = NULL
       WHERE ${scope} AND (${priceColumns.map((column) => `${column} IS NOT NULL`).join(' OR ')} OR cost_usd IS NOT ${unknownCost} OR price_source IS NOT NULL)`,
    );
    const result: RepriceResult = { examined: 0, changed: 0, unpriced: 0 };
    this.db.transaction(() => {
      for (const [provider, requested, answered, count] of groups) {
        result.examined += count;
        const prices = pricesOf(provider, requested, answered);
        const group = { ...scopeParams, provider, requested, answered };
        if (prices === null) {
          result.unpriced += count;
          result.changed += unpriced.run(group).changes;
        } else {
          const write5mForCost = prices.cacheWrite5mPerMTok ?? prices.inputPerMTok;
          result.changed += priced.run({
            ...group,
            input: prices.inputPerMTok,
            output: prices.outputPerMTok,
            cachedColumn: prices.cachedInputPerMTok ?? null,
            cachedForCost: prices.cachedInputPerMTok ?? prices.inputPerMTok,
            write5mColumn: prices.cacheWrite5mPerMTok ?? null,
            write5mForCost,
            write1hColumn: prices.cacheWrite1hPerMTok ?? null,
            write1hForCost: prices.cacheWrite1hPerMTok ?? write5mForCost,
            source: prices.source ?? null,
          }).changes;
        }
      }
    })();
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

function onQuarterHours(filter: LedgerFilter): boolean {
  return [filter.sinceMs, filter.untilMs].every((ms) => ms === undefined || ms % ROLLUP_BUCKET_MS === 0);
}
