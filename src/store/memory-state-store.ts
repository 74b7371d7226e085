import type { StateChange, StateStore } from '../spec/state.js';

/**
 * A StateStore for one process: the unit tests' seam and the library's default when no database
 * is wanted. Values are deep-copied so callers cannot mutate stored state by accident.
 */
export class MemoryStateStore implements StateStore {
  private readonly values = new Map<string, unknown>();

  async update<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): Promise<R> {
    return this.updateSync(keys, fn);
  }

  /** Synchronous form, handy for tests that step a fake clock between transitions. */
  updateSync<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): R {
    const current = new Map<string, unknown>();
    for (const key of keys) if (this.values.has(key)) current.set(key, structuredClone(this.values.get(key)));
    const change = fn(current);
    for (const [key, value] of Object.entries(change.set ?? {})) this.values.set(key, structuredClone(value));
    for (const key of change.remove ?? []) this.values.delete(key);
    return change.result;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.values.get(key)) as T | undefined;
  }

  async scan(prefix: string): Promise<Array<[string, unknown]>> {
    return [...this.values.entries()].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key, structuredClone(value)]);
  }
}
