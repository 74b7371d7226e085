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
  {
    // Pre-aggregated attempts per 15 minutes, provider, model and strategy, kept by triggers, so that
    // `costs` and budget checks cost O(buckets), not O(attempts): a month is at most ~3,000 buckets
    // per combination however busy it was. Every time zone's offset is a multiple of 15 minutes, so a
    // day or month boundary in any zone falls on a bucket boundary.
    name: '0005_attempt_rollups',
    sql: `
      CREATE TABLE attempt_rollups (
        bucket_start_ms INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model_requested TEXT NOT NULL,
        strategy TEXT NOT NULL, -- '' for none: NULLs would defeat the upsert's uniqueness
        requests INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL, -- known costs only
        unpriced_requests INTEGER NOT NULL,
        ok_latency_ms_sum REAL NOT NULL,
        ok_requests INTEGER NOT NULL,
        first_started_at_ms INTEGER NOT NULL,
        last_started_at_ms INTEGER NOT NULL,
        PRIMARY KEY (bucket_start_ms, provider, model_requested, strategy)
      ) WITHOUT ROWID;

      INSERT INTO attempt_rollups
      SELECT (started_at_ms / 900000) * 900000, provider, model_requested, COALESCE(strategy, ''),
        COUNT(*), TOTAL(status = 'error'), TOTAL(input_tokens), TOTAL(output_tokens), TOTAL(cached_input_tokens),
        TOTAL(cost_usd), TOTAL(cost_usd IS NULL), TOTAL(CASE WHEN status = 'ok' THEN latency_ms ELSE 0 END),
        TOTAL(status = 'ok'), MIN(started_at_ms), MAX(started_at_ms)
      FROM attempts GROUP BY 1, 2, 3, 4;

      CREATE TRIGGER attempts_rollup_insert AFTER INSERT ON attempts BEGIN
        INSERT INTO attempt_rollups VALUES (
          (NEW.started_at_ms / 900000) * 900000, NEW.provider, NEW.model_requested, COALESCE(NEW.strategy, ''),
          1, NEW.status = 'error', NEW.input_tokens, NEW.output_tokens, NEW.cached_input_tokens,
          COALESCE(NEW.cost_usd, 0), NEW.cost_usd IS NULL, CASE WHEN NEW.status = 'ok' THEN NEW.latency_ms ELSE 0 END,
          NEW.status = 'ok', NEW.started_at_ms, NEW.started_at_ms
        )
        ON CONFLICT (bucket_start_ms, provider, model_requested, strategy) DO UPDATE SET
          requests = requests + 1,
          failures = failures + excluded.failures,
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
          cost_usd = cost_usd + excluded.cost_usd,
          unpriced_requests = unpriced_requests + excluded.unpriced_requests,
          ok_latency_ms_sum = ok_latency_ms_sum + excluded.ok_latency_ms_sum,
          ok_requests = ok_requests + excluded.ok_requests,
          first_started_at_ms = MIN(first_started_at_ms, excluded.first_started_at_ms),
          last_started_at_ms = MAX(last_started_at_ms, excluded.last_started_at_ms);
      END;

      -- costs --reprice changes cost_usd in place; nothing else about a stored attempt changes.
      CREATE TRIGGER attempts_rollup_reprice AFTER UPDATE OF cost_usd ON attempts WHEN OLD.cost_usd IS NOT NEW.cost_usd BEGIN
        UPDATE attempt_rollups SET
          cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0) + COALESCE(NEW.cost_usd, 0),
          unpriced_requests = unpriced_requests - (OLD.cost_usd IS NULL) + (NEW.cost_usd IS NULL)
        WHERE bucket_start_ms = (OLD.started_at_ms / 900000) * 900000 AND provider = OLD.provider
          AND model_requested = OLD.model_requested AND strategy = COALESCE(OLD.strategy, '');
      END;
    `,
  },
  {
    // Every dimension the vendors bill (cache writes by lifetime, reasoning, the answered service
    // tier), the cost the server itself reported, where each row's cost came from (`cost_source`:
    // billed, computed or unknown) and which price list priced it (`price_source`). Old rows keep
    // working: no writes, no reasoning, their cost computed (or unknown where it is null).
    // The rollups are rebuilt keyed by cost_source too (`costs --by source`) and carry the new counts.
    name: '0006_billed_dimensions',
    sql: `
      ALTER TABLE attempts ADD COLUMN cache_write_5m_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE attempts ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE attempts ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE attempts ADD COLUMN service_tier TEXT;
      ALTER TABLE attempts ADD COLUMN cache_write_5m_price_per_mtok REAL;
      ALTER TABLE attempts ADD COLUMN cache_write_1h_price_per_mtok REAL;
      ALTER TABLE attempts ADD COLUMN billed_cost_usd REAL;
      ALTER TABLE attempts ADD COLUMN cost_source TEXT NOT NULL DEFAULT 'computed' CHECK (cost_source IN ('billed', 'computed', 'unknown'));
      ALTER TABLE attempts ADD COLUMN price_source TEXT;
      UPDATE attempts SET cost_source = 'unknown' WHERE cost_usd IS NULL;

      DROP INDEX attempts_started_at_costs;
      CREATE INDEX attempts_started_at_costs ON attempts (
        started_at_ms, provider, model_requested, strategy, status, cost_source,
        input_tokens, output_tokens, cached_input_tokens, cache_write_5m_tokens, cache_write_1h_tokens, cost_usd, latency_ms
      );

      DROP TRIGGER attempts_rollup_insert;
      DROP TRIGGER attempts_rollup_reprice;
      DROP TABLE attempt_rollups;
      CREATE TABLE attempt_rollups (
        bucket_start_ms INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model_requested TEXT NOT NULL,
        strategy TEXT NOT NULL, -- '' for none: NULLs would defeat the upsert's uniqueness
        cost_source TEXT NOT NULL,
        requests INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cached_input_tokens INTEGER NOT NULL,
        cache_write_5m_tokens INTEGER NOT NULL,
        cache_write_1h_tokens INTEGER NOT NULL,
        reasoning_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL, -- known costs only
        unpriced_requests INTEGER NOT NULL,
        ok_latency_ms_sum REAL NOT NULL,
        ok_requests INTEGER NOT NULL,
        first_started_at_ms INTEGER NOT NULL,
        last_started_at_ms INTEGER NOT NULL,
        PRIMARY KEY (bucket_start_ms, provider, model_requested, strategy, cost_source)
      ) WITHOUT ROWID;

      INSERT INTO attempt_rollups
      SELECT (started_at_ms / 900000) * 900000, provider, model_requested, COALESCE(strategy, ''), cost_source,
        COUNT(*), TOTAL(status = 'error'), TOTAL(input_tokens), TOTAL(output_tokens), TOTAL(cached_input_tokens),
        TOTAL(cache_write_5m_tokens), TOTAL(cache_write_1h_tokens), TOTAL(reasoning_tokens),
        TOTAL(cost_usd), TOTAL(cost_usd IS NULL), TOTAL(CASE WHEN status = 'ok' THEN latency_ms ELSE 0 END),
        TOTAL(status = 'ok'), MIN(started_at_ms), MAX(started_at_ms)
      FROM attempts GROUP BY 1, 2, 3, 4, 5;

      CREATE TRIGGER attempts_rollup_insert AFTER INSERT ON attempts BEGIN
        INSERT INTO attempt_rollups VALUES (
          (NEW.started_at_ms / 900000) * 900000, NEW.provider, NEW.model_requested, COALESCE(NEW.strategy, ''), NEW.cost_source,
          1, NEW.status = 'error', NEW.input_tokens, NEW.output_tokens, NEW.cached_input_tokens,
          NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.reasoning_tokens,
          COALESCE(NEW.cost_usd, 0), NEW.cost_usd IS NULL, CASE WHEN NEW.status = 'ok' THEN NEW.latency_ms ELSE 0 END,
          NEW.status = 'ok', NEW.started_at_ms, NEW.started_at_ms
        )
        ON CONFLICT (bucket_start_ms, provider, model_requested, strategy, cost_source) DO UPDATE SET
          requests = requests + 1,
          failures = failures + excluded.failures,
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
          cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
          cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
          reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
          cost_usd = cost_usd + excluded.cost_usd,
          unpriced_requests = unpriced_requests + excluded.unpriced_requests,
          ok_latency_ms_sum = ok_latency_ms_sum + excluded.ok_latency_ms_sum,
          ok_requests = ok_requests + excluded.ok_requests,
          first_started_at_ms = MIN(first_started_at_ms, excluded.first_started_at_ms),
          last_started_at_ms = MAX(last_started_at_ms, excluded.last_started_at_ms);
      END;

      -- costs --reprice changes cost_usd (and so maybe cost_source) in place; nothing else about a
      -- stored attempt changes. A change of source moves the attempt to another group: out of the old
      -- (a group may be left with 0 requests; readers skip those, and its first/last times stay as
      -- they were), into the new.
      CREATE TRIGGER attempts_rollup_reprice AFTER UPDATE OF cost_usd, cost_source ON attempts
      WHEN OLD.cost_usd IS NOT NEW.cost_usd OR OLD.cost_source IS NOT NEW.cost_source BEGIN
        UPDATE attempt_rollups SET
          requests = requests - 1,
          failures = failures - (OLD.status = 'error'),
          input_tokens = input_tokens - OLD.input_tokens,
          output_tokens = output_tokens - OLD.output_tokens,
          cached_input_tokens = cached_input_tokens - OLD.cached_input_tokens,
          cache_write_5m_tokens = cache_write_5m_tokens - OLD.cache_write_5m_tokens,
          cache_write_1h_tokens = cache_write_1h_tokens - OLD.cache_write_1h_tokens,
          reasoning_tokens = reasoning_tokens - OLD.reasoning_tokens,
          cost_usd = cost_usd - COALESCE(OLD.cost_usd, 0),
          unpriced_requests = unpriced_requests - (OLD.cost_usd IS NULL),
          ok_latency_ms_sum = ok_latency_ms_sum - (CASE WHEN OLD.status = 'ok' THEN OLD.latency_ms ELSE 0 END),
          ok_requests = ok_requests - (OLD.status = 'ok')
        WHERE bucket_start_ms = (OLD.started_at_ms / 900000) * 900000 AND provider = OLD.provider
          AND model_requested = OLD.model_requested AND strategy = COALESCE(OLD.strategy, '') AND cost_source = OLD.cost_source;
        INSERT INTO attempt_rollups VALUES (
          (NEW.started_at_ms / 900000) * 900000, NEW.provider, NEW.model_requested, COALESCE(NEW.strategy, ''), NEW.cost_source,
          1, NEW.status = 'error', NEW.input_tokens, NEW.output_tokens, NEW.cached_input_tokens,
          NEW.cache_write_5m_tokens, NEW.cache_write_1h_tokens, NEW.reasoning_tokens,
          COALESCE(NEW.cost_usd, 0), NEW.cost_usd IS NULL, CASE WHEN NEW.status = 'ok' THEN NEW.latency_ms ELSE 0 END,
          NEW.status = 'ok', NEW.started_at_ms, NEW.started_at_ms
        )
        ON CONFLICT (bucket_start_ms, provider, model_requested, strategy, cost_source) DO UPDATE SET
          requests = requests + 1,
          failures = failures + excluded.failures,
          input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cached_input_tokens = cached_input_tokens + excluded.cached_input_tokens,
          cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens,
          cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens,
          reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
          cost_usd = cost_usd + excluded.cost_usd,
          unpriced_requests = unpriced_requests + excluded.unpriced_requests,
          ok_latency_ms_sum = ok_latency_ms_sum + excluded.ok_latency_ms_sum,
          ok_requests = ok_requests + excluded.ok_requests,
          first_started_at_ms = MIN(first_started_at_ms, excluded.first_started_at_ms),
          last_started_at_ms = MAX(last_started_at_ms, excluded.last_started_at_ms);
      END;
    `,
  },
];

/** The rollup bucket: every zone's UTC offset is a whole number of these. */
export const ROLLUP_BUCKET_MS = 900_000;

export const SCHEMA_VERSION = MIGRATIONS.length;
