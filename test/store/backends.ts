import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';
import { hasPostgres, usePostgres } from '../helpers/postgres.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * The backends the store contract runs on: every test written against `Backend` runs on a SQLite file
 * and on a real PostgreSQL server (skipped with one line where PostgreSQL is not installed, never in CI).
 * Call at a test file's top level; use with `describe.each(backends)('$name', ...)`.
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store location: a new file, or a new database with its own role. */
  fresh(): Promise<string>;
  /** Opens a store at a location (several opens of one location are several "processes" or hosts). */
  open(location: string, options?: { rollups?: boolean }): Promise<Store>;
  /** Runs SQL on the location behind the store's back (as its owner). */
  exec(location: string, sql: string): Promise<void>;
  /** One value of a query. */
  value<T>(location: string, sql: string): Promise<T>;
}

// Counts and sums read back as numbers, as llmx's own pool reads them.
pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

export function useBackends(): Backend[] {
  const tempDir = useTempDirs();
  const sqlite: Backend = {
    name: 'sqlite',
    fresh: async () => join(tempDir(), 'llmx.db'),
    open: (path, options = {}) => openStore({ path, ...options }),
    exec: async (path, sql) => {
      const db = new Database(path);
      db.exec(sql);
      db.close();
    },
    value: async (path, sql) => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare(sql).pluck().get() as never;
      } finally {
        db.close();
      }
    },
  };
  if (!hasPostgres) {
    console.warn('the store contract runs on SQLite only here: PostgreSQL is not installed (apt-get install postgresql)');
    return [sqlite];
  }
  const server = usePostgres();
  const withClient = async <T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await body(client);
    } finally {
      await client.end();
    }
  };
  const postgres: Backend = {
    name: 'postgres',
    fresh: async () => (await server().freshDatabase()).url,
    open: (url, options = {}) => openStore({ path: url, ...options }),
    exec: (url, sql) => withClient(url, async (client) => void (await client.query(sql))),
    value: (url, sql) => withClient(url, async (client) => Object.values((await client.query(sql)).rows[0] ?? {})[0] as never),
  };
  return [sqlite, postgres];
}
