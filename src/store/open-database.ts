import { closeSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../spec/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

type Db = Database.Database;

/** How long a writer waits for another process's transaction before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens (creating when missing) llmx's SQLite file, refusing anything that is not llmx's.
 * Nothing is written to an existing file until it is known to be llmx's own: the checks only read,
 * and the journal mode (a header write) is set after them.
 */
export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const created = createIfMissing(path);
  if (!created) checkHeader(path);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw new StoreError(`${path}: cannot open the llmx database: ${messageOf(error)}`, { cause: error });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = inspect(db, path);
    if (version < SCHEMA_VERSION) migrate(db, path);
    enableWal(db, path);
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (isCorruption(error)) throw new StoreError(`${path}: the llmx database is corrupt (${messageOf(error)}); move it aside and llmx will start a new one`, { cause: error });
    throw new StoreError(`${path}: cannot open the llmx database: ${messageOf(error)}`, { cause: error });
  }
}

/** True when this call created the file (mode 0600: usage rows and maybe prompts are private). */
function createIfMissing(path: string): boolean {
  try {
    closeSync(openSync(path, 'wx', 0o600));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError(`${path}: cannot create the llmx database: ${messageOf(error)}`, { cause: error });
  }
}

/** A non-empty file without SQLite's magic header is someone else's file: refuse before SQLite sees it. */
function checkHeader(path: string): void {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new StoreError(`${path}: cannot read the llmx database: ${messageOf(error)}`, { cause: error });
  }
  let bytesRead: number;
  try {
    bytesRead = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (bytesRead === 0) return; // an empty file is an empty database: ours to initialise
  if (bytesRead < header.length || !header.equals(SQLITE_HEADER)) {
    throw new StoreError(`${path}: not an llmx database (not a SQLite file); refusing to touch it (use --db or LLMX_DB to pick another file)`);
  }
}

/** The schema version of an llmx file (0 for an empty one); refuses foreign and newer files. */
function inspect(db: Db, path: string): number {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return 0;
  if (!tables.includes('llmx_meta')) {
    const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', ...' : '');
    throw new StoreError(`${path}: not an llmx database (a SQLite file with tables ${shown} but no llmx_meta); refusing to touch it`);
  }
  const meta = new Map(db.prepare('SELECT key, value FROM llmx_meta').raw().all() as Array<[string, string]>);
  if (meta.get('application') !== 'llmx') throw new StoreError(`${path}: not an llmx database (llmx_meta does not name llmx); refusing to touch it`);
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 0) throw new StoreError(`${path}: the llmx database has an unreadable schema version ${JSON.stringify(meta.get('schema_version'))}`);
  if (version > SCHEMA_VERSION) {
    throw new StoreError(`${path}: written by a newer llmx (schema version ${version}, this llmx knows up to ${SCHEMA_VERSION}); upgrade llmx or use another --db`);
  }
  return version;
}

/** Applies the missing migrations in one BEGIN IMMEDIATE, so concurrent first runs migrate once. */
function migrate(db: Db, path: string): void {
  const run = db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS llmx_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at_ms INTEGER NOT NULL);
    `);
    // Re-read inside the lock: another process may have migrated since we looked.
    const current = Number(db.prepare("SELECT value FROM llmx_meta WHERE key = 'schema_version'").pluck().get() ?? 0);
    if (current > SCHEMA_VERSION) throw new StoreError(`${path}: written by a newer llmx (schema version ${current}, this llmx knows up to ${SCHEMA_VERSION})`);
    const applied = new Set(db.prepare('SELECT name FROM migrations').pluck().all() as string[]);
    const record = db.prepare('INSERT INTO migrations (name, applied_at_ms) VALUES (?, ?)');
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.name)) continue;
      db.exec(migration.sql);
      record.run(migration.name, Date.now());
    }
    const setMeta = db.prepare('INSERT INTO llmx_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    setMeta.run('application', 'llmx');
    setMeta.run('schema_version', String(SCHEMA_VERSION));
  });
  run.immediate();
}

/**
 * WAL lets readers (costs, health) run while a writer commits. Switching needs a moment alone with
 * the file, so a first run racing other first runs may see SQLITE_BUSY: retry briefly.
 */
function enableWal(db: Db, path: string): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode === 'wal') return;
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
    if (Date.now() > deadline) throw new StoreError(`${path}: could not switch the llmx database to WAL mode (busy for ${BUSY_TIMEOUT_MS} ms)`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'));
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
