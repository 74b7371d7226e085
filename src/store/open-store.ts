import { resolve } from 'node:path';
import type { CostLedger } from '../spec/ledger.js';
import type { StateStore } from '../spec/state.js';
import { defaultDbPath } from './default-db-path.js';
import { openDatabase } from './open-database.js';
import { SqliteLedger } from './sqlite-ledger.js';
import { SqliteStateStore } from './sqlite-state-store.js';
import { withStoreErrors } from './store-errors.js';

/** Shared state and the usage ledger, on one file. */
export interface Store {
  /** Absolute path of the database file. */
  path: string;
  state: StateStore;
  ledger: CostLedger;
  close(): void;
}

export interface OpenStoreOptions {
  /** Database file (the CLI's --db). Default: defaultDbPath(env). */
  path?: string;
  /** Environment for LLMX_DB / XDG_DATA_HOME / HOME. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Opens llmx's SQLite file, creating it (mode 0600, parent directories too) and migrating it as needed.
 * Throws StoreError (exit 3), leaving the file untouched, for a file that is not llmx's, is corrupt,
 * or was written by a newer llmx.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store & { state: SqliteStateStore; ledger: SqliteLedger }> {
  const path = resolve(options.path ?? defaultDbPath(options.env ?? process.env));
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
