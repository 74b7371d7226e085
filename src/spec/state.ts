/**
 * What must outlive one process and be shared by concurrent ones: breaker state, rotation cursors,
 * rate windows, leases, latency statistics. Values are plain JSON; the transition logic lives with
 * its owner (resilience/, routing/) as pure functions, so a PostgreSQL backend only has to provide
 * "lock these keys, read them, write them back" (SELECT ... FOR UPDATE).
 */
export interface StateStore {
  /**
   * Reads `keys`, calls `fn` with their current values (missing keys absent), and writes back what
   * it returns, atomically with respect to every other process using the same store.
   * `fn` must be synchronous and free of side effects: a backend may call it again on conflict.
   */
  update<R>(keys: readonly string[], fn: (current: ReadonlyMap<string, unknown>) => StateChange<R>): Promise<R>;
  get<T>(key: string): Promise<T | undefined>;
  /** Every key starting with `prefix`, with its value. */
  scan(prefix: string): Promise<Array<[string, unknown]>>;
}

export interface StateChange<R> {
  set?: Record<string, unknown>;
  remove?: string[];
  result: R;
}
