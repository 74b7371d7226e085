import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../src/store/index.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** A file as llmx with the first five migrations left it, with two old rows: one priced, one not. */
function version5File(path: string): void {
  const db = new Database(path);
  db.exec(`
    CREATE TABLE llmx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at_ms INTEGER NOT NULL);
    INSERT INTO llmx_meta VALUES ('application', 'llmx'), ('schema_version', '5');
  `);
  for (const migration of MIGRATIONS.slice(0, 5)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO migrations VALUES (?, 0)').run(migration.name);
  }
  const insert = db.prepare(`
    INSERT INTO attempts (request_id, attempt, started_at_ms, command, strategy, provider, model_requested, model_answered, status,
      latency_ms, input_tokens, output_tokens, cached_input_tokens, tokens_estimated, input_price_per_mtok, output_price_per_mtok, cost_usd, ci)
    VALUES (?, 1, ?, 'ask', NULL, ?, ?, NULL, 'ok', 100, 1000, 100, 0, 0, ?, ?, ?, 0)`);
  insert.run('old-priced', Date.UTC(2026, 2, 10, 12), 'openai', 'gpt-4o', 2.5, 10, 0.0035);
  insert.run('old-unpriced', Date.UTC(2026, 2, 10, 12, 5), 'openai', 'mystery', null, null, null);
  db.close();
}

describe('migration 0006_billed_dimensions', () => {
  it('keeps old rows working: no cache writes or reasoning, their cost computed or unknown, and costs agrees', async () => {
    const path = join(tempDir(), 'v5.db');
    version5File(path);
    const store = await openStore({ path });
    const [totals] = await store.ledger.aggregateCosts({ sinceMs: Date.UTC(2026, 2, 1), untilMs: Date.UTC(2026, 3, 1), by: [] });
    expect(totals).toMatchObject({ requests: 2, inputTokens: 2000, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0, costUsd: 0.0035, unpricedRequests: 1 });
    const bySource = await store.ledger.aggregateCosts({ sinceMs: Date.UTC(2026, 2, 1), untilMs: Date.UTC(2026, 3, 1), by: ['source'] });
    expect(bySource.map((row) => [row.keys.source, row.requests])).toEqual([['computed', 1], ['unknown', 1]]);
    store.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT request_id, cost_source, price_source, service_tier, billed_cost_usd FROM attempts ORDER BY request_id').all();
    expect(rows).toEqual([
      { request_id: 'old-priced', cost_source: 'computed', price_source: null, service_tier: null, billed_cost_usd: null },
      { request_id: 'old-unpriced', cost_source: 'unknown', price_source: null, service_tier: null, billed_cost_usd: null },
    ]);
    db.close();
  });

  it('moves a repriced row between cost sources in the rollups, which then agree with a scan', async () => {
    const path = join(tempDir(), 'v5-reprice.db');
    version5File(path);
    const store = await openStore({ path });
    const { attemptRepricer } = await import('../../src/pricing/index.js');
    await store.ledger.reprice(attemptRepricer((_provider, requested) => (requested === 'mystery' ? { inputPerMTok: 1, outputPerMTok: 2, source: 'providers.yaml' } : null)));
    const query = { sinceMs: Date.UTC(2026, 2, 1), untilMs: Date.UTC(2026, 3, 1), by: ['source' as const] };
    const rolled = await store.ledger.aggregateCosts(query);
    const { SqliteLedger } = await import('../../src/store/sqlite-ledger.js');
    const db = new Database(path);
    const scanned = await new SqliteLedger(db, { rollups: false }).aggregateCosts(query);
    db.close();
    // gpt-4o became unknown (no price given), mystery computed at $1/$2: 1000 x 1 + 100 x 2 = $0.0012.
    expect(rolled.map((row) => [row.keys.source, row.requests, row.costUsd])).toEqual([['computed', 1, 0.0012], ['unknown', 1, null]]);
    expect(scanned.map((row) => [row.keys.source, row.requests, row.costUsd])).toEqual([['computed', 1, 0.0012], ['unknown', 1, null]]);
    store.close();
  });
});
