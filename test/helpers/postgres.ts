import { afterAll, beforeAll, describe } from 'vitest';
import { postgresBin, startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/throwaway-postgres.js';

/**
 * A throwaway PostgreSQL server per test file (scripts/throwaway-postgres.js: a cluster in a temp
 * directory on a free loopback port, as `postgres` when run as root). In CI (`CI` set) PostgreSQL must
 * be installed: the tests run, and fail if the server cannot start; elsewhere they skip with one line
 * saying how to install it.
 */
const requiredHere = Boolean(process.env.CI);
export const hasPostgres = requiredHere || postgresBin() !== undefined;

/** `describe`, or `describe.skip` with one line when PostgreSQL is not installed (never in CI). */
export function describeWithPostgres(): typeof describe {
  if (hasPostgres) return describe;
  console.warn('skipping the PostgreSQL tests: initdb not found under /usr/lib/postgresql/*/bin (apt-get install postgresql, or set LLMX_PG_BIN)');
  return describe.skip as typeof describe;
}

export interface PostgresServer extends ThrowawayPostgres {
  /** A fresh database owned by a fresh role (both named `name`), and its URL. */
  freshDatabase(name?: string): Promise<{ url: string; database: string; user: string; password: string }>;
}

let counter = 0;

export async function startPostgres(options: { listen?: string; extraConfig?: string } = {}): Promise<PostgresServer> {
  const server = await startThrowawayPostgres(options);
  return {
    ...server,
    async freshDatabase(name = `llmx_t${process.pid}_${++counter}`) {
      const password = `pw-${name}-S3cret`;
      await server.admin(`CREATE ROLE ${name} LOGIN PASSWORD '${password}'`);
      await server.admin(`CREATE DATABASE ${name} OWNER ${name}`);
      return { url: server.url(name, { name, password }), database: name, user: name, password };
    },
  };
}

/** One server for the test file: started before its tests (when PostgreSQL is there), removed after. Call at the top level. */
export function usePostgres(options: { listen?: string } = {}): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    if (hasPostgres) server = await startPostgres(options);
  }, 120_000);
  afterAll(() => server?.remove());
  return () => {
    if (server === undefined) throw new Error('the PostgreSQL server did not start (see beforeAll)');
    return server;
  };
}
