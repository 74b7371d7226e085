import type Database from 'better-sqlite3';
import type {
  AlertClaim,
  AttemptRecord,
  CostAggregate,
  CostLedger,
  CostQuery,
  LedgerFilter,
  AttemptRepricer,
  ProviderSummary,
  RepriceResult,
} from '../spec/ledger.js';
import { costAggregates, costQuerySql, rollupCostQuerySql, rollupsCanAnswer, type CostRowSql } from './cost-query-sql.js';
import {
  ATTEMPT_COLUMNS,
  attemptRow,
  latencyHistogramSql,
  latencySamplesSql,
  onQuarterHours,
  requestCostSql,
  spendSql,
  summarizeRollupsSql,
  summarizeSql,
} from './ledger-sql.js';
import { ALERT_COLUMNS, attemptKey, EXPORT_COLUMNS, newRecords, recordFromRow, type AlertRow, type LedgerTransfer, type TransferCounts } from './ledger-transfer.js';
import { repricePageSql, REPRICE_UPDATE_SQL, repriceUpdateParams, Repricing, type StoredPricing } from './reprice-rows.js';
import { SQLITE } from './sql-dialect.js';

/** request ids per `IN (...)` lookup when importing: under SQLite's 32,766 bound parameters. */
const LOOKUP_BATCH = 500;

/** The Ledger on the `attempts` table: one row per attempt, priced at write time. */
export class SqliteLedger implements CostLedger, LedgerTransfer {
  private readonly insertAttempt: Database.Statement<unknown[]>;
  private readonly requestCost: Database.Statement<[string], { attempts: number; unpriced: number; cost: number }>;
  private readonly alertExists: Database.Statement<[string], number | undefined>;
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
    this.insertAttempt = db.prepare(`INSERT INTO attempts (${ATTEMPT_COLUMNS.map(([column]) => column).join(', ')}) VALUES (${ATTEMPT_COLUMNS.map(() => '?').join(', ')})`);
    this.requestCost = db.prepare(requestCostSql(SQLITE));
    this.alertExists = db.prepare<[string], number | undefined>('SELECT 1 FROM budget_alerts WHERE key = ?').pluck();
    this.insertAlert = db.prepare(`
      INSERT INTO budget_alerts (key, budget, period, provider, threshold, spent_usd, limit_usd, fired_at_ms)
      VALUES (@key, @budget, @period, @provider, @threshold, @spentUsd, @limitUsd, @nowMs)`);
    // Decide and record in one write transaction: two processes crossing together see one winner.
    this.runClaim = db.transaction((claim: AlertClaim) => {
      if (this.alertExists.get(claim.key) !== undefined) return null;
      const rolled = this.options.rollups !== false && rollupsCanAnswer({ sinceMs: claim.sinceMs, untilMs: claim.untilMs, by: [] });
      const spend = this.statement(spendSql(rolled, claim.provider !== null, SQLITE)).pluck();
      const spentUsd = (claim.provider === null ? spend.get(claim.sinceMs, claim.untilMs) : spend.get(claim.provider, claim.sinceMs, claim.untilMs)) as number | undefined;
      if (spentUsd === undefined || spentUsd < claim.threshold * claim.limitUsd) return null;
      this.insertAlert.run({ ...claim, spentUsd });
      return { spentUsd };
    });
  }

  async insert(record: AttemptRecord): Promise<void> {
    this.insertSync(record);
  }

  insertSync(record: AttemptRecord): void {
    this.insertAttempt.run(...attemptRow(record));
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
    const fromRollups = this.options.rollups !== false && filter.command === undefined && onQuarterHours(filter);
    const { sql, params } = fromRollups ? summarizeRollupsSql(filter, SQLITE) : summarizeSql(filter, SQLITE);
    return this.statement(sql).all(...params) as ProviderSummary[];
  }

  async latencySamples(filter: LedgerFilter): Promise<number[]> {
    const { sql, params } = latencySamplesSql(filter, SQLITE);
    return this.statement(sql)
      .pluck()
      .all(...params) as number[];
  }

  async latencyHistogram(
    boundsS: readonly number[],
    filter: LedgerFilter,
  ): Promise<Array<{ provider: string; cumulativeCounts: number[]; count: number; sumS: number }>> {
    const { sql, params } = latencyHistogramSql(boundsS, filter, SQLITE);
    const rows = this.statement(sql).all(...params) as Array<Record<string, number> & { provider: string }>;
    return rows.map((row) => ({
      provider: row.provider,
      count: row.count,
      sumS: row.sumS,
      cumulativeCounts: boundsS.map((_, index) => row[`b${index}`]),
    }));
  }

  async aggregateCosts(query: CostQuery): Promise<CostAggregate[]> {
    const useRollups = this.options.rollups !== false && rollupsCanAnswer(query);
    const { sql, params } = useRollups ? rollupCostQuerySql(query, SQLITE) : costQuerySql(query, SQLITE);
    return costAggregates(query, this.statement(sql).all(...params) as CostRowSql[]);
  }

  async requestCostUsd(requestId: string): Promise<number | null> {
    const row = this.requestCost.get(requestId);
    if (row === undefined || row.attempts === 0 || row.unpriced > 0) return null;
    return row.cost;
  }

  /** See reprice-rows.ts: pages read by id, changed rows written, in one write transaction. */
  async reprice(repricer: AttemptRepricer, filter: LedgerFilter = {}): Promise<RepriceResult> {
    const page = repricePageSql(filter, SQLITE);
    const read = this.statement(page.sql);
    const update = this.statement(REPRICE_UPDATE_SQL);
    const repricing = new Repricing(repricer);
    this.db
      .transaction(() => {
        for (let afterId = 0; ; ) {
          const rows = read.all(...page.params, afterId) as StoredPricing[];
          if (rows.length === 0) break;
          afterId = rows[rows.length - 1]!.id;
          for (const { id, next } of repricing.page(rows)) update.run(...repriceUpdateParams(id, next));
        }
      })
      .immediate();
    return repricing.finish();
  }

  async claimAlert(claim: AlertClaim): Promise<{ spentUsd: number } | null> {
    return this.runClaim.immediate(claim);
  }

  async exportAttempts(afterId: number, limit: number): Promise<Array<{ id: number; record: AttemptRecord }>> {
    const rows = this.statement(`SELECT ${EXPORT_COLUMNS} FROM attempts WHERE id > ? ORDER BY id LIMIT ?`).raw().all(afterId, limit) as unknown[][];
    return rows.map(recordFromRow);
  }

  async importAttempts(records: readonly AttemptRecord[]): Promise<TransferCounts> {
    let copied = 0;
    this.db.transaction(() => {
      const held = new Set<string>();
      const ids = [...new Set(records.map((record) => record.requestId))];
      for (let start = 0; start < ids.length; start += LOOKUP_BATCH) {
        const batch = ids.slice(start, start + LOOKUP_BATCH);
        const rows = this.statement(`SELECT request_id, attempt FROM attempts WHERE request_id IN (${batch.map(() => '?').join(', ')})`).raw().all(...batch) as Array<[string, number]>;
        for (const [requestId, attempt] of rows) held.add(attemptKey(requestId, attempt));
      }
      const fresh = newRecords(records, held);
      for (const record of fresh) this.insertSync(record);
      copied = fresh.length;
    })();
    return { copied, present: records.length - copied };
  }

  async exportAlerts(): Promise<AlertRow[]> {
    return this.statement(`SELECT ${ALERT_COLUMNS.join(', ')} FROM budget_alerts ORDER BY key`).all() as AlertRow[];
  }

  async importAlerts(rows: readonly AlertRow[]): Promise<TransferCounts> {
    const insert = this.statement(`INSERT INTO budget_alerts (${ALERT_COLUMNS.join(', ')}) VALUES (${ALERT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (key) DO NOTHING`);
    let copied = 0;
    this.db.transaction(() => {
      for (const row of rows) copied += insert.run(...ALERT_COLUMNS.map((column) => row[column])).changes;
    })();
    return { copied, present: rows.length - copied };
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
