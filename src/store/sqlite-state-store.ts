import type Database from 'better-sqlite3';
import { StoreError } from '../spec/errors.js';
import type { StateChange, StateStore } from '../spec/state.js';
import { BUSY_TIMEOUT_MS, isBusy } from './open-database.js';

/**
 * StateStore on the `state` table. Every update is one BEGIN IMMEDIATE transaction, so concurrent
 * processes serialize on the write lock and each `fn` sees the values the previous one wrote.
 * Statements are prepared once: the router calls this a few times per request.
 */
export class SqliteStateStore implements StateStore {
  private readonly selectValue: Database.Statement<[string], string | undefined>;
  private readonly upsertValue: Database.Statement<[string, string, number]>;
  private readonly deleteValue: Database.Statement<[string]>;
  private readonly scanRange: Database.Statement<[string, string], [string, string]>;
  private readonly scanAll: Database.Statement<[], [string, string]>;
  private readonly runUpdate: Database.Transaction<(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<unknown>) => unknown>;

  constructor(
    db: Database.Database,
    private readonly path: string,
    private readonly now: () => number = Date.now,
  ) {
    this.selectValue = db.prepare<[string], string | undefined>('SELECT value FROM state WHERE key = ?').pluck();
    this.upsertValue = db.prepare<[string, string, number]>(
      'INSERT INTO state (key, value, updated_at_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms',
    );
    this.deleteValue = db.prepare<[string]>('DELETE FROM state WHERE key = ?');
    this.scanRange = db.prepare<[string, string], [string, string]>('SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key').raw();
    this.scanAll = db.prepare<[], [string, string]>('SELECT key, value FROM state ORDER BY key').raw();
    this.runUpdate = db.transaction((keys, fn) => {
      const current = new Map<string, unknown>();
      for (const key of keys) {
        const text = this.selectValue.get(key);
        if (text !== undefined) current.set(key, JSON.parse(text));
      }
      const change = fn(current);
      const nowMs = this.now();
      for (const [key, value] of Object.entries(change.set ?? {})) {
        if (value === undefined) this.deleteValue.run(key);
        else this.upsertValue.run(key, JSON.stringify(value), nowMs);
      }
      for (const key of change.remove ?? []) this.deleteValue.run(key);
      return change.result;
    });
  }

  async update<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): Promise<R> {
    return this.updateSync(keys, fn);
  }

  /** The synchronous form (the SQLite driver is synchronous); tests and hot paths may use it directly. */
  updateSync<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): R {
    try {
      return this.runUpdate.immediate(keys, fn) as R;
    } catch (error) {
      if (isBusy(error)) throw new StoreError(`${this.path}: the llmx database stayed locked by another process for over ${BUSY_TIMEOUT_MS} ms`, { cause: error });
      throw error;
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.selectValue.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async scan(prefix: string): Promise<Array<[string, unknown]>> {
    // Keys are compared as UTF-8 bytes; U+FFFF sorts after every BMP character, bounding the prefix range.
    const rows = prefix === '' ? this.scanAll.all() : this.scanRange.all(prefix, `${prefix}\uffff`);
    return rows.map(([key, value]) => [key, JSON.parse(value)]);
  }
}
