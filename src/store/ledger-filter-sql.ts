import type { LedgerFilter } from '../spec/ledger.js';
import { SQLITE, type SqlDialect } from './sql-dialect.js';

/** WHERE clause and parameters for a LedgerFilter, columns qualified with `alias` ('' for none). */
export function filterSql(filter: LedgerFilter, alias = 'a', dialect: SqlDialect = SQLITE): { where: string; params: Array<string | number> } {
  const a = alias === '' ? '' : `${alias}.`;
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  if (filter.provider !== undefined) {
    clauses.push(`${a}provider = ?`);
    params.push(filter.provider);
  }
  if (filter.sinceMs !== undefined) {
    clauses.push(`${a}started_at_ms >= ?`);
    params.push(filter.sinceMs);
  }
  if (filter.untilMs !== undefined) {
    clauses.push(`${a}started_at_ms < ?`);
    params.push(filter.untilMs);
  }
  if (filter.command !== undefined) {
    clauses.push(`${a}command = ?`);
    params.push(filter.command);
  }
  return { where: clauses.length === 0 ? dialect.true : clauses.join(' AND '), params };
}
