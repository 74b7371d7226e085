import type { AttemptRecord } from '../spec/ledger.js';
import { ATTEMPT_COLUMNS } from './ledger-sql.js';

/**
 * What `llmx db copy` moves between backends, row by row: the attempts (identified by request id and
 * attempt number, so a second copy adds nothing) and the budget alerts (by key). Both ledgers
 * implement it; the routing state needs no more than the StateStore contract.
 */
export interface LedgerTransfer {
  /** Up to `limit` attempts with a row id above `afterId`, in id order (a cursor over the whole ledger). */
  exportAttempts(afterId: number, limit: number): Promise<Array<{ id: number; record: AttemptRecord }>>;
  /** Inserts the attempts whose (request id, attempt) the ledger does not hold yet, in one transaction. */
  importAttempts(records: readonly AttemptRecord[]): Promise<TransferCounts>;
  exportAlerts(): Promise<AlertRow[]>;
  /** Inserts the alerts whose key the ledger does not hold yet. */
  importAlerts(rows: readonly AlertRow[]): Promise<TransferCounts>;
}

export interface TransferCounts {
  /** Rows written. */
  copied: number;
  /** Rows skipped because the target held them already. */
  present: number;
}

/** A budget_alerts row, column for column. */
export interface AlertRow {
  key: string;
  budget: string;
  period: string;
  provider: string | null;
  threshold: number;
  spent_usd: number;
  limit_usd: number;
  fired_at_ms: number;
}

export const ALERT_COLUMNS = ['key', 'budget', 'period', 'provider', 'threshold', 'spent_usd', 'limit_usd', 'fired_at_ms'] as const;

/** SELECT list of an attempt row as ATTEMPT_COLUMNS orders it, after its id. */
export const EXPORT_COLUMNS = ['id', ...ATTEMPT_COLUMNS.map(([column]) => column)].join(', ');

/** An exported row (`id`, then ATTEMPT_COLUMNS' values, in order) back as an AttemptRecord. */
export function recordFromRow(values: readonly unknown[]): { id: number; record: AttemptRecord } {
  const record: Record<string, unknown> = {};
  ATTEMPT_COLUMNS.forEach(([, field], index) => {
    const value = values[index + 1];
    if (field === 'tokensEstimated' || field === 'ci') record[field] = Number(value) === 1;
    else if (field === 'tags') record[field] = JSON.parse(String(value ?? '{}')) as Record<string, string>;
    else record[field] = value;
  });
  return { id: Number(values[0]), record: record as unknown as AttemptRecord };
}

/** The records not yet held (by request id and attempt), also dropping repeats within the batch. */
export function newRecords(records: readonly AttemptRecord[], held: ReadonlySet<string>): AttemptRecord[] {
  const seen = new Set(held);
  const fresh: AttemptRecord[] = [];
  for (const record of records) {
    const key = attemptKey(record.requestId, record.attempt);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push(record);
  }
  return fresh;
}

export function attemptKey(requestId: string, attempt: number): string {
  return `${requestId}\u0000${attempt}`;
}
