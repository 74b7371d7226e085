import type { PostgresLocation } from '../store-location.js';
import { createPool, preparePostgres, type PostgresOptions } from './open-postgres.js';
import { PostgresLedger } from './postgres-ledger.js';
import { PostgresStateStore } from './postgres-state-store.js';

/** The shared store on PostgreSQL: one pool for the state and the ledger, ready (connected, migrated) when this resolves. */
export async function openPostgresStore(location: PostgresLocation, options: PostgresOptions & { rollups?: boolean } = {}) {
  const pool = createPool(location, options);
  try {
    await preparePostgres(pool, location);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    state: new PostgresStateStore(pool, location),
    ledger: new PostgresLedger(pool, location, { rollups: options.rollups }),
    close: () => (closed ??= pool.end().catch(() => {})),
  };
}
