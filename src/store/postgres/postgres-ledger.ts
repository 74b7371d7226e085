import type pg from 'pg';
import type {
  AlertClaim,
  AttemptRecord,
  AttemptRepricer,
  CostAggregate,
  CostLedger,
  CostQuery,
  LedgerFilter,
  ProviderSummary,
  RepriceResult,
} from '../../spec/ledger.js';
import { costAggregates, costQuerySql, rollupCostQuerySql, rollupsCanAnswer, type CostRowSql } from '../cost-query-sql.js';
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
} from '../ledger-sql.js';
import { ALERT_COLUMNS, attemptKey, EXPORT_COLUMNS, newRecords, recordFromRow, type AlertRow, type LedgerTransfer, type TransferCounts } from '../ledger-transfer.js';
import { repricePageSql, REPRICE_UPDATE_SQL, repriceUpdateParams, Repricing, type StoredPricing } from '../reprice-rows.js';
import { numberPlaceholders, POSTGRES } from '../sql-dialect.js';
import type { PostgresLocation } from '../store-location.js';
import { postgresStoreError } from './postgres-errors.js';

type Params = ReadonlyArray<string | number | null>;

/** Rows per INSERT in insertMany: 27 parameters each, well under PostgreSQL's 65,535. */
const BATCH_ROWS = 500;

const INSERT_COLUMNS = ATTEMPT_COLUMNS.map(([column]) => column).join(', ');

/** The ledger on PostgreSQL: the same queries as SqliteLedger (ledger-sql.ts, cost-query-sql.ts) in PostgreSQL's spelling. */
export class PostgresLedger implements CostLedger, LedgerTransfer {
  constructor(
    private readonly pool: pg.Pool,
    private readonly location: PostgresLocation,
    private readonly options: { rollups?: boolean } = {},
  ) {}

  async insert(record: AttemptRecord): Promise<void> {
    await this.query(`INSERT INTO attempts (${INSERT_COLUMNS}) VALUES (${ATTEMPT_COLUMNS.map(() => '?').join(', ')})`, attemptRow(record), 'cannot write the ledger');
  }

  /** Inserts many records in one transaction (imports, bench, db copy). */
  async insertMany(records: Iterable<AttemptRecord>): Promise<number> {
    const rows = [...records].map(attemptRow);
    if (rows.length === 0) return 0;
    await this.transaction((client) => this.insertRows(client, rows), 'cannot write the ledger');
    return rows.length;
  }

  /** Multi-row INSERTs of BATCH_ROWS rows each, on the transaction's client. */
  private async insertRows(client: pg.PoolClient, rows: ReadonlyArray<Array<string | number | null>>): Promise<void> {
    const tuple = `(${ATTEMPT_COLUMNS.map(() => '?').join(', ')})`;
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const batch = rows.slice(start, start + BATCH_ROWS);
      await client.query(numberPlaceholders(`INSERT INTO attempts (${INSERT_COLUMNS}) VALUES ${batch.map(() => tuple).join(', ')}`), batch.flat());
    }
  }

  async summarizeByProvider(filter: LedgerFilter): Promise<ProviderSummary[]> {
    const fromRollups = this.options.rollups !== false && filter.command === undefined && onQuarterHours(filter);
    const { sql, params } = fromRollups ? summarizeRollupsSql(filter, POSTGRES) : summarizeSql(filter, POSTGRES);
    return this.rows<ProviderSummary>(sql, params);
  }

  async latencySamples(filter: LedgerFilter): Promise<number[]> {
    const { sql, params } = latencySamplesSql(filter, POSTGRES);
    return (await this.rows<{ latency_ms: number }>(sql, params)).map((row) => row.latency_ms);
  }

  async latencyHistogram(
    boundsS: readonly number[],
    filter: LedgerFilter,
  ): Promise<Array<{ provider: string; cumulativeCounts: number[]; count: number; sumS: number }>> {
    const { sql, params } = latencyHistogramSql(boundsS, filter, POSTGRES);
    const rows = await this.rows<Record<string, number> & { provider: string }>(sql, params);
    return rows.map((row) => ({
      provider: row.provider,
      count: row.count,
      sumS: row.sumS,
      cumulativeCounts: boundsS.map((_, index) => row[`b${index}`]),
    }));
  }

  async aggregateCosts(query: CostQuery): Promise<CostAggregate[]> {
    const useRollups = this.options.rollups !== false && rollupsCanAnswer(query);
    const { sql, params } = useRollups ? rollupCostQuerySql(query, POSTGRES) : costQuerySql(query, POSTGRES);
    return costAggregates(query, await this.rows<CostRowSql>(sql, params));
  }

  async requestCostUsd(requestId: string): Promise<number | null> {
    const [row] = await this.rows<{ attempts: number; unpriced: number; cost: number }>(requestCostSql(POSTGRES), [requestId]);
    if (row === undefined || row.attempts === 0 || row.unpriced > 0) return null;
    return row.cost;
  }

  /** See reprice-rows.ts: pages read by id, changed rows written, in one transaction. */
  async reprice(repricer: AttemptRepricer, filter: LedgerFilter = {}): Promise<RepriceResult> {
    const page = repricePageSql(filter, POSTGRES);
    const read = numberPlaceholders(page.sql);
    const update = numberPlaceholders(REPRICE_UPDATE_SQL);
    const repricing = new Repricing(repricer);
    await this.transaction(async (client) => {
      for (let afterId = 0; ; ) {
        const rows = (await client.query<StoredPricing>(read, [...page.params, afterId])).rows;
        if (rows.length === 0) break;
        afterId = rows[rows.length - 1]!.id;
        for (const { id, next } of repricing.page(rows)) await client.query(update, repriceUpdateParams(id, next));
      }
    }, 'cannot reprice the ledger');
    return repricing.finish();
  }

  /**
   * Decide and record in one statement: the INSERT happens only when the spend is past the threshold,
   * and the key's uniqueness lets exactly one of any number of hosts crossing together win.
   */
  async claimAlert(claim: AlertClaim): Promise<{ spentUsd: number } | null> {
    const rolled = this.options.rollups !== false && rollupsCanAnswer({ sinceMs: claim.sinceMs, untilMs: claim.untilMs, by: [] });
    const spend = spendSql(rolled, claim.provider !== null, POSTGRES);
    const spendParams = claim.provider === null ? [claim.sinceMs, claim.untilMs] : [claim.provider, claim.sinceMs, claim.untilMs];
    const [row] = await this.rows<{ spent_usd: number }>(
      `INSERT INTO budget_alerts (key, budget, period, provider, threshold, spent_usd, limit_usd, fired_at_ms)
       SELECT ?, ?, ?, ?, CAST(? AS DOUBLE PRECISION), s.spent, CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT)
       FROM (${spend}) AS s (spent) WHERE s.spent >= CAST(? AS DOUBLE PRECISION)
       ON CONFLICT (key) DO NOTHING RETURNING spent_usd`,
      [claim.key, claim.budget, claim.period, claim.provider, claim.threshold, claim.limitUsd, Math.trunc(claim.nowMs), ...spendParams, claim.threshold * claim.limitUsd],
      'cannot record a budget alert',
    );
    return row === undefined ? null : { spentUsd: row.spent_usd };
  }

  async exportAttempts(afterId: number, limit: number): Promise<Array<{ id: number; record: AttemptRecord }>> {
    const result = await this.run({ text: `SELECT ${EXPORT_COLUMNS} FROM attempts WHERE id > $1 ORDER BY id LIMIT $2`, values: [afterId, limit], rowMode: 'array' }, 'cannot read the ledger');
    return (result.rows as unknown[][]).map(recordFromRow);
  }

  async importAttempts(records: readonly AttemptRecord[]): Promise<TransferCounts> {
    let copied = 0;
    await this.transaction(async (client) => {
      const ids = [...new Set(records.map((record) => record.requestId))];
      const held = new Set(
        (await client.query<{ request_id: string; attempt: number }>('SELECT request_id, attempt FROM attempts WHERE request_id = ANY($1::text[])', [ids])).rows.map((row) =>
          attemptKey(row.request_id, row.attempt),
        ),
      );
      const fresh = newRecords(records, held);
      await this.insertRows(client, fresh.map(attemptRow));
      copied = fresh.length;
    }, 'cannot write the ledger');
    return { copied, present: records.length - copied };
  }

  async exportAlerts(): Promise<AlertRow[]> {
    return this.rows<AlertRow>(`SELECT ${ALERT_COLUMNS.join(', ')} FROM budget_alerts ORDER BY key`, []);
  }

  async importAlerts(rows: readonly AlertRow[]): Promise<TransferCounts> {
    let copied = 0;
    await this.transaction(async (client) => {
      for (const row of rows) {
        const result = await client.query(
          `INSERT INTO budget_alerts (${ALERT_COLUMNS.join(', ')}) VALUES (${ALERT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')}) ON CONFLICT (key) DO NOTHING`,
          ALERT_COLUMNS.map((column) => row[column]),
        );
        copied += result.rowCount ?? 0;
      }
    }, 'cannot write the ledger');
    return { copied, present: rows.length - copied };
  }

  private async rows<T>(sql: string, params: Params, doing = 'cannot read the ledger'): Promise<T[]> {
    return (await this.query(sql, params, doing)).rows as T[];
  }

  private async query(sql: string, params: Params, doing: string): Promise<pg.QueryResult> {
    return this.run({ text: numberPlaceholders(sql), values: [...params] }, doing);
  }

  private async run(query: pg.QueryConfig | pg.QueryArrayConfig, doing: string): Promise<pg.QueryResult> {
    try {
      return await this.pool.query(query);
    } catch (error) {
      throw postgresStoreError(error, this.location, doing);
    }
  }

  private async transaction(body: (client: pg.PoolClient) => Promise<void>, doing: string): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      await client.query('BEGIN');
      await body(client);
      await client.query('COMMIT');
    } catch (error) {
      await client?.query('ROLLBACK').catch(() => {});
      throw postgresStoreError(error, this.location, doing);
    } finally {
      client?.release();
    }
  }
}
