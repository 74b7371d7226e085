import type { CostLedger } from '../spec/ledger.js';
import { StoreError } from '../spec/errors.js';
import type { StateStore } from '../spec/state.js';
import { defaultDbPath } from './default-db-path.js';
import { openDatabase } from './open-database.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteStateStore } from './sqlite-state-store.js';
import { withStoreErrors } from './store-errors.js';
import { parseStoreLocation, type StoreLocation } from './store-location.js';

/** Shared state and the usage ledger, on one file. */
export interface Store {
  /** Absolute path of the database file. */
  path: string;
  state: StateStore;
  ledger: CostLedger;
  close(): void;
}

export interface OpenStoreOptions {
  /** Database file or URL (the CLI's --db). Default: defaultDbPath(env). */
  path?: string;
  /** What `path` is called in messages (default "--db"). */
  source?: string;
  /** Environment for LLMX_DB / XDG_DATA_HOME / HOME. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Where `openStore` would open, and what that value is called in messages: `--db`, else `LLMX_DB`, else the default file. */
export function storeLocationOf(options: OpenStoreOptions = {}): StoreLocation {
  const env = options.env ?? process.env;
  if (options.path !== undefined) return parseStoreLocation(options.path, options.source ?? '--db');
  if (env.LLMX_DB) return parseStoreLocation(env.LLMX_DB, 'LLMX_DB');
  return parseStoreLocation(defaultDbPath(env), 'the default database path');
}

/**
 * Opens llmx's SQLite file, creating it (mode 0600, parent directories too) and migrating it as needed.
 * Throws StoreError (exit 3), leaving the file untouched, for a file that is not llmx's, is corrupt,
 * or was written by a newer llmx. A URL is never taken for a file name: a scheme llmx has no store
 * for is refused before anything is created.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store & { state: SqliteStateStore; ledger: SqliteLedger }> {
  const location = storeLocationOf(options);
  if (location.kind === 'postgres') throw new StoreError(`${location.shown}: this llmx has no PostgreSQL store yet; use a SQLite file path`);
  const path = location.path;
  const db = openDatabase(path);
  const state = withStoreErrors(new SqliteStateStore(db, path), path);
  const ledger = withStoreErrors(new SqliteLedger(db), path);
  return {
    path,
    state,
    ledger,
    close: () => {
      if (db.open) db.close();
    },
  };
}
