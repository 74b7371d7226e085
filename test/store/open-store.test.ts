import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/spec/errors.js';
import { defaultDbPath, MIGRATIONS, openStore, SCHEMA_VERSION } from '../../src/store/index.js';
import { attemptRecord } from '../helpers/attempt-record.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

async function expectRefused(path: string, message: RegExp): Promise<void> {
  const before = readFileSync(path);
  const error = await openStore({ path }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).exitCode).toBe(3);
  expect((error as StoreError).message).toMatch(message);
  expect((error as StoreError).message.split('\n')).toHaveLength(1);
  expect(readFileSync(path).equals(before)).toBe(true);
}

describe('openStore', () => {
  it('creates the file (and its parent directories) with mode 0600, in WAL mode, with every migration recorded', async () => {
    const path = join(tempDir(), 'deep', 'er', 'llmx.db');
    const store = await openStore({ path });
    expect(store.path).toBe(path);
    store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT name FROM migrations ORDER BY name').pluck().all()).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect(Object.fromEntries(db.prepare('SELECT key, value FROM llmx_meta').raw().all() as Array<[string, string]>)).toEqual({
      application: 'llmx',
      schema_version: String(SCHEMA_VERSION),
    });
    db.close();
  });

  it('reopens an existing llmx file without migrating again', async () => {
    const path = join(tempDir(), 'llmx.db');
    (await openStore({ path })).close();
    const appliedAt = new Database(path, { readonly: true }).prepare('SELECT applied_at_ms FROM migrations').pluck().all();
    const store = await openStore({ path });
    await store.state.update(['k'], () => ({ set: { k: 1 }, result: null }));
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT applied_at_ms FROM migrations').pluck().all()).toEqual(appliedAt);
    db.close();
  });

  it('applies only the missing migrations to a file from an older llmx', async () => {
    const path = join(tempDir(), 'old.db');
    (await openStore({ path })).close();
    const db = new Database(path);
    db.exec("DROP TABLE budget_alerts; DELETE FROM migrations WHERE name = '0003_budget_alerts'; UPDATE llmx_meta SET value = '2' WHERE key = 'schema_version'");
    db.close();
    const store = await openStore({ path });
    expect(await store.ledger.claimAlert({ key: 'k', budget: 'global.daily', period: '2026-03-01', provider: null, sinceMs: 0, untilMs: 1, limitUsd: 0, threshold: 0, nowMs: 0 })).toEqual({ spentUsd: 0 });
    store.close();
  });

  it('refuses a text file and leaves it byte for byte', async () => {
    const path = join(tempDir(), 'notes.db');
    writeFileSync(path, 'shopping list: eggs, milk\n');
    await expectRefused(path, /not an llmx database \(not a SQLite file\)/);
  });

  it("refuses someone else's SQLite database and leaves it byte for byte", async () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('ada')");
    db.close();
    await expectRefused(path, /not an llmx database \(a SQLite file with tables customers but no llmx_meta\)/);
  });

  it('refuses a file written by a newer llmx and leaves it byte for byte', async () => {
    const path = join(tempDir(), 'newer.db');
    (await openStore({ path })).close();
    const db = new Database(path);
    db.prepare("UPDATE llmx_meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
    db.pragma('journal_mode = DELETE');
    db.close();
    await expectRefused(path, new RegExp(`written by a newer llmx \\(schema version ${SCHEMA_VERSION + 1}, this llmx knows up to ${SCHEMA_VERSION}\\)`));
  });

  it('refuses a corrupt file and leaves it byte for byte', async () => {
    const path = join(tempDir(), 'corrupt.db');
    (await openStore({ path })).close();
    const bytes = readFileSync(path);
    // Keep the 100-byte header, scribble over the rest of page 1 (where the schema lives).
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(path, bytes);
    await expectRefused(path, /corrupt/);
  });
});

describe('defaultDbPath', () => {
  it('prefers LLMX_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultDbPath({ LLMX_DB: '/x/y.db', XDG_DATA_HOME: '/data', HOME: '/home/u' })).toBe('/x/y.db');
    expect(defaultDbPath({ XDG_DATA_HOME: '/data', HOME: '/home/u' })).toBe('/data/llmx/llmx.db');
    expect(defaultDbPath({ HOME: '/home/u' })).toBe('/home/u/.local/share/llmx/llmx.db');
  });

  it('is what openStore uses when no path is given', async () => {
    const dir = tempDir();
    const store = await openStore({ env: { XDG_DATA_HOME: dir } });
    expect(store.path).toBe(join(dir, 'llmx', 'llmx.db'));
    store.close();
  });
});

describe('failures after opening', () => {
  it('reports a page corrupted while open as one StoreError line, not an internal error', async () => {
    const path = join(tempDir(), 'later.db');
    const store = await openStore({ path });
    store.ledger.insertMany(Array.from({ length: 2000 }, (_, index) => attemptRecord({ requestId: `r${index}`, responseText: 'x'.repeat(500) })));
    store.close();
    // Scribble over the middle of the file (table pages), leaving the header and schema intact.
    const bytes = readFileSync(path);
    bytes.fill(0x5a, 40 * 4096, 60 * 4096);
    writeFileSync(path, bytes);
    const reopened = await openStore({ path });
    const error = await reopened.ledger.latencySamples({}).then(
      () => null,
      (caught: unknown) => caught,
    );
    reopened.close();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/later\.db: the llmx database is corrupt/);
  });
});
