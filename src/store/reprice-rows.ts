import type { AttemptRepricer, LedgerFilter, RepricedFields, RepriceResult } from '../spec/ledger.js';
import { filterSql } from './ledger-filter-sql.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * `reprice` for both ledgers. The cost rule is src/pricing's (`repricer`), not SQL's: tiers and
 * service-tier variants depend on each row. A backend reads the rows a page at a time by id (a
 * statement cannot write while another iterates), hands each page to `Repricing.page`, and writes the
 * updates it returns (only rows whose price columns change), all in one transaction.
 */

/** Rows per read while repricing: bounded memory on a ledger of millions. */
export const REPRICE_PAGE_ROWS = 5000;

/** A stored attempt's pricing inputs and outputs, as a reprice reads them. */
export interface StoredPricing {
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

/** The page query: rows matching `filter` with an id above the last parameter, in id order. */
export function repricePageSql(filter: LedgerFilter, dialect: SqlDialect): { sql: string; params: Array<string | number> } {
  const { where, params } = filterSql(filter, 'a', dialect);
  return {
    sql: `SELECT a.id, a.provider, a.model_requested, a.model_answered, a.input_tokens, a.output_tokens, a.cached_input_tokens,
         a.cache_write_5m_tokens, a.cache_write_1h_tokens, a.reasoning_tokens, a.service_tier, a.tokens_estimated, a.billed_cost_usd,
         a.input_price_per_mtok, a.output_price_per_mtok, a.cached_input_price_per_mtok, a.cache_write_5m_price_per_mtok,
         a.cache_write_1h_price_per_mtok, a.cost_usd, a.cost_source, a.price_source
       FROM attempts AS a WHERE ${where} AND a.id > ? ORDER BY a.id LIMIT ${REPRICE_PAGE_ROWS}`,
    params,
  };
}

/** The UPDATE of one row's price columns: `?` for each of REPRICED_COLUMNS, then the id. */
export const REPRICE_UPDATE_SQL = `UPDATE attempts SET input_price_per_mtok = ?, output_price_per_mtok = ?, cached_input_price_per_mtok = ?,
  cache_write_5m_price_per_mtok = ?, cache_write_1h_price_per_mtok = ?, cost_usd = ?, cost_source = ?, price_source = ? WHERE id = ?`;

/** A repriced row as REPRICE_UPDATE_SQL's parameters. */
export function repriceUpdateParams(id: number, next: RepricedFields): Array<string | number | null> {
  return [
    next.inputPricePerMTok,
    next.outputPricePerMTok,
    next.cachedInputPricePerMTok,
    next.cacheWrite5mPricePerMTok,
    next.cacheWrite1hPricePerMTok,
    next.costUsd,
    next.costSource,
    next.priceSource,
    id,
  ];
}

/** Accumulates a reprice's result over pages; `page` returns the rows to write. */
export class Repricing {
  readonly result: RepriceResult = { examined: 0, changed: 0, unpriced: 0, billed: 0, changes: [] };
  private readonly changes = new Map<string, RepriceResult['changes'][number]>();

  constructor(private readonly repricer: AttemptRepricer) {}

  page(rows: readonly StoredPricing[]): Array<{ id: number; next: RepricedFields }> {
    const updates: Array<{ id: number; next: RepricedFields }> = [];
    for (const row of rows) {
      this.result.examined += 1;
      // What the server billed is the cost, whatever llmx's prices say.
      if (row.cost_source === 'billed') {
        this.result.billed += 1;
        continue;
      }
      const next = this.repricer({
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
      if (next.costUsd === null) this.result.unpriced += 1;
      if (samePricing(row, next)) continue;
      updates.push({ id: row.id, next });
      this.result.changed += 1;
      const model = row.model_answered ?? row.model_requested;
      const key = JSON.stringify([row.provider, model, row.price_source, next.priceSource]);
      let change = this.changes.get(key);
      if (!change) {
        change = { provider: row.provider, model, fromSource: row.price_source, toSource: next.priceSource, attempts: 0, costBeforeUsd: 0, costAfterUsd: 0, unknownBefore: 0, unknownAfter: 0 };
        this.changes.set(key, change);
      }
      change.attempts += 1;
      if (row.cost_usd === null) change.unknownBefore += 1;
      else change.costBeforeUsd += row.cost_usd;
      if (next.costUsd === null) change.unknownAfter += 1;
      else change.costAfterUsd += next.costUsd;
    }
    return updates;
  }

  finish(): RepriceResult {
    this.result.changes = [...this.changes.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
    return this.result;
  }
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
