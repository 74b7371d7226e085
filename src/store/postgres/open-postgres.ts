import pg from 'pg';
import { StoreError } from '../../spec/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../migrations.js';
import type { PostgresLocation } from '../store-location.js';
import { postgresStoreError } from './postgres-errors.js';

/** How long connecting may take before the store counts as unreachable (store.connect_timeout_ms). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** BIGINT (int8) and NUMERIC as JS numbers: times, counts and sums fit in a double, as they do in SQLite. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (text: string) => (text === null ? null : Number(text));
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  connectTimeoutMs?: number;
  /** Connections kept by this process (default 4; a one-shot command opens one, as it asks one thing at a time). */
  maxConnections?: number;
}

/**
 * A pool on the URL. Connections are opened on demand: a command that makes one query at a time
 * opens one. An idle connection is closed after 10 s; an error on an idle one (the server restarted)
 * only drops it.
 */
export function createPool(location: PostgresLocation, options: PostgresOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: location.url,
    application_name: 'llmx',
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    max: options.maxConnections ?? 4,
    idleTimeoutMillis: 10_000,
    // A one-shot command must not wait for the idle timeout to exit.
    allowExitOnIdle: true,
    types: TYPES,
  });
  pool.on('error', () => {});
  return pool;
}

/** A key for pg_advisory_xact_lock: every llmx migrating this database waits on it. */
const MIGRATION_LOCK = 0x6c6c6d78; // "llmx"

/**
 * Connects once (so a bad URL, a refused connection or a wrong password fails here, as one line)
 * and brings the schema up to date. Refuses a database that is not llmx's or was written by a newer
 * llmx; migrates in one transaction under an advisory lock, so concurrent first runs on many hosts
 * migrate once and a failure (no permission to create tables) leaves nothing behind.
 */
export async function preparePostgres(pool: pg.Pool, location: PostgresLocation): Promise<void> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw postgresStoreError(error, location, 'cannot connect');
  }
  try {
    const version = await inspect(client, location);
    if (version < SCHEMA_VERSION) await migrate(client, location);
  } catch (error) {
    throw postgresStoreError(error, location, 'cannot open the llmx database');
  } finally {
    client.release();
  }
}

/** The schema version (0 for an empty database); refuses foreign and newer databases. */
async function inspect(client: pg.PoolClient, location: PostgresLocation): Promise<number> {
  const tables = (await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")).rows.map((row) => row.name);
  if (tables.length === 0) return 0;
  if (!tables.includes('llmx_meta')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
    throw new StoreError(
      `${location.shown}: not an llmx database (tables ${shown} but no llmx_meta); refusing to touch it (give llmx a database of its own: createdb ${location.database}_llmx)`,
    );
  }
  const meta = new Map((await client.query<{ key: string; value: string }>('SELECT key, value FROM llmx_meta')).rows.map((row) => [row.key, row.value]));
  if (meta.get('application') !== 'llmx') throw new StoreError(`${location.shown}: not an llmx database (llmx_meta does not name llmx); refusing to touch it`);
  return checkedVersion(meta.get('schema_version'), location);
}

function checkedVersion(value: string | undefined, location: PostgresLocation): number {
  const version = Number(value ?? 0);
  if (!Number.isInteger(version) || version < 0) throw new StoreError(`${location.shown}: the llmx database has an unreadable schema version ${JSON.stringify(value)}`);
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${location.shown}: written by a newer llmx (schema version ${version}, this llmx knows up to ${SCHEMA_VERSION}); upgrade llmx on every host, or use another database`);
  }
  return version;
}

async function migrate(client: pg.PoolClient, location: PostgresLocation): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS llmx_meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS migrations (name TEXT COLLATE "C" PRIMARY KEY, applied_at_ms BIGINT NOT NULL);
    `);
    // Re-read under the lock: another host may have migrated since we looked.
    const current = (await client.query<{ value: string }>("SELECT value FROM llmx_meta WHERE key = 'schema_version'")).rows[0]?.value;
    checkedVersion(current, location);
    const applied = new Set((await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((row) => row.name));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.name)) continue;
      await client.query(migration.postgres ?? migration.sql);
      await client.query('INSERT INTO migrations (name, applied_at_ms) VALUES ($1, $2)', [migration.name, Date.now()]);
    }
    await client.query(
      "INSERT INTO llmx_meta (key, value) VALUES ('application', 'llmx'), ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(SCHEMA_VERSION)],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
