/**
 * The schema as an append-only list of named migrations: never edit or reorder one that shipped,
 * add a new one. The schema version is the number of migrations; a file whose version is above
 * MIGRATIONS.length was written by a newer llmx and is refused.
 */
export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_state',
    sql: `
      CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    name: '0002_attempts',
    sql: `
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        started_at_ms INTEGER NOT NULL,
        command TEXT NOT NULL,
        strategy TEXT,
        provider TEXT NOT NULL,
        model_requested TEXT NOT NULL,
        model_answered TEXT,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
        error_class TEXT,
        http_status INTEGER,
        error_message TEXT,
        latency_ms REAL NOT NULL,
        ttft_ms REAL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        tokens_estimated INTEGER NOT NULL,
        input_price_per_mtok REAL,
        output_price_per_mtok REAL,
        cached_input_price_per_mtok REAL,
        cost_usd REAL,
        ci INTEGER NOT NULL,
        tags TEXT NOT NULL DEFAULT '{}',
        run_id TEXT,
        prompt_text TEXT,
        response_text TEXT
      );
      CREATE INDEX attempts_started_at ON attempts (started_at_ms);
      CREATE INDEX attempts_provider_started_at ON attempts (provider, started_at_ms);
      CREATE INDEX attempts_request_id ON attempts (request_id);
    `,
  },
  {
    name: '0003_budget_alerts',
    sql: `
      CREATE TABLE budget_alerts (
        key TEXT PRIMARY KEY,
        budget TEXT NOT NULL,
        period TEXT NOT NULL,
        provider TEXT,
        threshold REAL NOT NULL,
        spent_usd REAL NOT NULL,
        limit_usd REAL NOT NULL,
        fired_at_ms INTEGER NOT NULL
      );
    `,
  },
  {
    // `costs` aggregates a period without touching the wide rows: every column its GROUP BY and sums
    // read, behind the time range. It also serves every range query the plain time index did.
    name: '0004_attempts_costs_covering_index',
    sql: `
      CREATE INDEX attempts_started_at_costs ON attempts (
        started_at_ms, provider, model_requested, strategy, status,
        input_tokens, output_tokens, cached_input_tokens, cost_usd, latency_ms
      );
      DROP INDEX attempts_started_at;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
