import type { StoreConfig } from '../spec/config.js';
import type { AttemptRecord, CostLedger } from '../spec/ledger.js';
import type { StateStore } from '../spec/state.js';
import { defaultDbPath } from './default-db-path.js';
import { openDatabase } from './open-database.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteStateStore } from './sqlite-state-store.js';
import type { LedgerTransfer } from './ledger-transfer.js';
import { withStoreErrors } from './store-errors.js';
import { parseStoreLocation, type StoreLocation } from './store-location.js';

/** The ledger as a store offers it: the CostLedger contract plus bulk inserts (bench, imports, db copy). */
export interface StoreLedger extends CostLedger, LedgerTransfer {
  insertMany(records: Iterable<AttemptRecord>): number | Promise<number>;
}

/** Shared state and the usage ledger: one SQLite file, or one PostgreSQL database shared by many hosts. */
export interface Store {
  location: StoreLocation;
  /** The SQLite file's absolute path, or the PostgreSQL URL without its password (`location.shown`). */
  path: string;
  state: StateStore;
  ledger: StoreLedger;
  /** Closes the file or the connection pool; safe to call twice. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Database file or URL (the CLI's --db). Default: LLMX_DB, else `settings.url`, else defaultDbPath(env). */
  path?: string;
  /** What `path` is called in messages (default "--db"). */
  source?: string;
  /** providers.yaml's `store:` (its url, connect timeout, unavailable policy). */
  settings?: StoreConfig;
  /** Environment for LLMX_DB / XDG_DATA_HOME / HOME. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** false: the ledger answers from the attempts, never the rollups (tests check that both agree). */
  rollups?: boolean;
}

/** Where `openStore` opens, and what that value is called in messages: `--db`, else `LLMX_DB`, else `store.url`, else the default file. */
export function storeLocationOf(options: OpenStoreOptions = {}): StoreLocation {
  const env = options.env ?? process.env;
  if (options.path !== undefined) return parseStoreLocation(options.path, options.source ?? '--db');
  if (env.LLMX_DB) return parseStoreLocation(env.LLMX_DB, 'LLMX_DB');
  if (options.settings?.url !== undefined) return parseStoreLocation(options.settings.url, 'store.url');
  return parseStoreLocation(defaultDbPath(env), 'the default database path');
}

/**
 * Opens the store, creating and migrating it as needed: a SQLite file (mode 0600, parent directories
 * too), or a PostgreSQL database (connected once, so a wrong URL or password fails here). Throws
 * StoreError (exit 3), one line naming the file or the server and database (never a password),
 * leaving everything untouched, for a store that is not llmx's, is corrupt, cannot be reached, or
 * was written by a newer llmx. A URL is never taken for a file name.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const location = storeLocationOf(options);
  if (location.kind === 'sqlite') return openSqliteStore(location.path, { rollups: options.rollups });
  // Loaded only for a shared store: a SQLite run never pays for the pg driver.
  const { openPostgresStore } = await import('./postgres/open-postgres-store.js');
  const opened = await openPostgresStore(location, { connectTimeoutMs: options.settings?.connectTimeoutMs, rollups: options.rollups });
  return { location, path: location.shown, ...opened };
}

/** A SQLite store with its synchronous extras (updateSync, insertSync, insertMany returning the count): tests, benchmarks. */
export function openSqliteStore(path: string, options: { rollups?: boolean } = {}): Store & { state: SqliteStateStore; ledger: SqliteLedger } {
  const location = parseStoreLocation(path, 'the database path');
  if (location.kind !== 'sqlite') throw new Error(`openSqliteStore: ${location.shown} is not a file path`);
  const db = openDatabase(location.path);
  const state = withStoreErrors(new SqliteStateStore(db, location.path), location.path);
  const ledger = withStoreErrors(new SqliteLedger(db, { rollups: options.rollups }), location.path);
  return {
    location,
    path: location.path,
    state,
    ledger,
    close: async () => {
      if (db.open) db.close();
    },
  };
}
