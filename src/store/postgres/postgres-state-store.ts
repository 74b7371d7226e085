import type pg from 'pg';
import type { StateChange, StateStore } from '../../spec/state.js';
import type { PostgresLocation } from '../store-location.js';
import { postgresStoreError } from './postgres-errors.js';

/** SQLSTATEs after which the whole update is tried again (fn may run twice: it is pure). */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const MAX_TRIES = 5;

/**
 * StateStore on PostgreSQL's `state` table, shared by every host. Each update is one transaction:
 * the keys' rows are inserted if missing (value NULL: "absent") and locked with SELECT ... FOR
 * UPDATE, in key order so that two updates never wait on each other in a ring; `fn` sees the values
 * the previous holder committed. Two round trips: [BEGIN; insert; lock] and [writes; COMMIT], sent
 * as simple multi-statement queries with the keys and values escaped as literals.
 */
export class PostgresStateStore implements StateStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly location: PostgresLocation,
    private readonly now: () => number = Date.now,
  ) {}

  async update<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): Promise<R> {
    for (let tries = 1; ; tries += 1) {
      try {
        return await this.updateOnce(keys, fn);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (tries < MAX_TRIES && code !== undefined && RETRYABLE.has(code)) continue;
        throw postgresStoreError(error, this.location, 'cannot update the shared state');
      }
    }
  }

  private async updateOnce<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): Promise<R> {
    const client = await this.pool.connect();
    let open = false;
    try {
      const sorted = [...new Set(keys)].sort(byteOrder);
      const locked = new Map<string, string | null>();
      open = true;
      let begin = 'BEGIN;';
      if (sorted.length === 0) {
        await client.query('BEGIN');
        begin = '';
      }
      // A row deleted by the holder we waited for is skipped by FOR UPDATE: insert and lock again
      // until every key's row is ours.
      for (let missing = sorted; missing.length > 0; missing = sorted.filter((key) => !locked.has(key))) {
        const list = literalArray(client, missing);
        const results = (await client.query(
          `${begin} INSERT INTO state (key, value, updated_at_ms) SELECT k, NULL, 0 FROM unnest(${list}) AS k ORDER BY k ON CONFLICT (key) DO NOTHING;
           SELECT key, value FROM state WHERE key = ANY(${list}) ORDER BY key FOR UPDATE`,
        )) as unknown as pg.QueryResult[];
        begin = '';
        for (const row of results[results.length - 1]!.rows as Array<{ key: string; value: string | null }>) locked.set(row.key, row.value);
      }
      const current = new Map<string, unknown>();
      for (const [key, text] of locked) if (text !== null) current.set(key, JSON.parse(text));
      const change = fn(current);
      await client.query(this.writes(client, change, locked));
      open = false;
      return change.result;
    } finally {
      if (open) await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
  }

  /** Upserts, removals, the placeholders nobody filled, then COMMIT: one round trip. */
  private writes(client: pg.PoolClient, change: StateChange<unknown>, locked: ReadonlyMap<string, string | null>): string {
    const nowMs = Math.trunc(this.now());
    const rows: string[] = [];
    // As in SQLite: sets first, then removals (a key both set and removed ends up removed).
    const removed = new Set(change.remove ?? []);
    for (const [key, value] of Object.entries(change.set ?? {})) {
      if (value === undefined) removed.add(key);
      else rows.push(`(${client.escapeLiteral(key)}, ${client.escapeLiteral(JSON.stringify(value))}, ${nowMs})`);
    }
    // The rows inserted only to be locked, left unset, go again.
    for (const [key, text] of locked) if (text === null && !Object.hasOwn(change.set ?? {}, key)) removed.add(key);
    const statements: string[] = [];
    if (rows.length > 0) {
      statements.push(
        `INSERT INTO state (key, value, updated_at_ms) VALUES ${rows.join(', ')} ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms`,
      );
    }
    if (removed.size > 0) statements.push(`DELETE FROM state WHERE key = ANY(${literalArray(client, [...removed])})`);
    statements.push('COMMIT');
    return statements.join(';\n');
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      const result = await this.pool.query<{ value: string }>('SELECT value FROM state WHERE key = $1 AND value IS NOT NULL', [key]);
      const text = result.rows[0]?.value;
      return text === undefined ? undefined : (JSON.parse(text) as T);
    } catch (error) {
      throw postgresStoreError(error, this.location, 'cannot read the shared state');
    }
  }

  async scan(prefix: string): Promise<Array<[string, unknown]>> {
    try {
      // The key column is COLLATE "C": byte order, the same range as SQLite's (U+FFFF bounds the prefix).
      const result =
        prefix === ''
          ? await this.pool.query<{ key: string; value: string }>('SELECT key, value FROM state WHERE value IS NOT NULL ORDER BY key')
          : await this.pool.query<{ key: string; value: string }>('SELECT key, value FROM state WHERE key >= $1 AND key < $2 AND value IS NOT NULL ORDER BY key', [
              prefix,
              `${prefix}\uffff`,
            ]);
      return result.rows.map((row) => [row.key, JSON.parse(row.value)]);
    } catch (error) {
      throw postgresStoreError(error, this.location, 'cannot read the shared state');
    }
  }
}

/** ARRAY['a', 'b']::text[] with each element escaped by the driver. */
function literalArray(client: pg.PoolClient, values: readonly string[]): string {
  return `ARRAY[${values.map((value) => client.escapeLiteral(value)).join(', ')}]::text[]`;
}

/** UTF-16 order matches byte order for the keys llmx writes (ASCII names); the database sorts bytes. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
