import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StoreError } from '../../src/spec/errors.js';
import { MIGRATIONS, openStore, SCHEMA_VERSION, type OpenStoreOptions } from '../../src/store/index.js';
import { describeWithPostgres, usePostgres } from '../helpers/postgres.js';
import { freePort } from '../helpers/ports.js';

const server = usePostgres();

/** What a refused open threw: a StoreError (exit 3) of one line that names the server and database and never `secret`. */
async function refusal(options: OpenStoreOptions, secret: string): Promise<string> {
  const error = await openStore(options).then(
    async (store) => {
      await store.close();
      return null;
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  const message = (error as StoreError).message;
  expect((error as StoreError).exitCode).toBe(3);
  expect(message.split('\n')).toHaveLength(1);
  expect(message).not.toContain(secret);
  return message;
}

/** Every table of the database with its row count: "nothing written" is this, unchanged. */
async function snapshot(database: string): Promise<Record<string, number>> {
  const tables = (await server().admin("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", database)).rows.map((row) => row.tablename as string);
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await server().admin(`SELECT COUNT(*) AS n FROM "${table}"`, database)).rows[0].n);
  return counts;
}

describeWithPostgres()('openStore on a PostgreSQL URL', () => {
  let silent: Server;
  let silentPort: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts connections and never answers: what a blackholed network looks like to a client.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('creates the schema on first use, records every migration, and reopens without migrating again', async () => {
    const { url, database } = await server().freshDatabase();
    const store = await openStore({ path: url });
    expect(store.location.kind).toBe('postgres');
    expect(store.path).toBe(`postgres://127.0.0.1:${server().port}/${database}`);
    await store.close();
    const names = (await server().admin('SELECT name, applied_at_ms FROM migrations ORDER BY name', database)).rows;
    expect(names.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    expect((await server().admin('SELECT key, value FROM llmx_meta ORDER BY key', database)).rows).toEqual([
      { key: 'application', value: 'llmx' },
      { key: 'schema_version', value: String(SCHEMA_VERSION) },
    ]);
    await (await openStore({ path: url })).close();
    expect((await server().admin('SELECT name, applied_at_ms FROM migrations ORDER BY name', database)).rows).toEqual(names);
  });

  it('migrates once when many hosts start together on an empty database', async () => {
    const { url, database } = await server().freshDatabase();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openStore({ path: url })));
    await Promise.all(stores.map((store) => store.close()));
    expect(Number((await server().admin('SELECT COUNT(*) AS n FROM migrations', database)).rows[0].n)).toBe(MIGRATIONS.length);
  });

  it('applies only the missing migrations to a database from an older llmx', async () => {
    const { url, database } = await server().freshDatabase();
    await (await openStore({ path: url })).close();
    await server().admin(`DROP TABLE budget_alerts; DELETE FROM migrations WHERE name = '0003_budget_alerts'; UPDATE llmx_meta SET value = '2' WHERE key = 'schema_version'`, database);
    const store = await openStore({ path: url });
    expect(await store.ledger.claimAlert({ key: 'k', budget: 'global.daily', period: '2026-03-01', provider: null, sinceMs: 0, untilMs: 1, limitUsd: 0, threshold: 0, nowMs: 0 })).toEqual({ spentUsd: 0 });
    await store.close();
  });

  it('refuses a connection nobody answers: connection refused, naming the server and database', async () => {
    const port = await freePort();
    const message = await refusal({ path: `postgres://llmx:hunter22@127.0.0.1:${port}/team` }, 'hunter22');
    expect(message).toBe(`postgres://127.0.0.1:${port}/team: cannot connect: connection refused (is the server running, and listening on that address?)`);
  });

  it('gives up after the connect timeout on a server that never answers', async () => {
    const message = await refusal({ path: `postgres://llmx:hunter22@127.0.0.1:${silentPort}/team`, settings: { connectTimeoutMs: 300 } }, 'hunter22');
    expect(message).toBe(`postgres://127.0.0.1:${silentPort}/team: cannot connect: no answer within the connect timeout (store.connect_timeout_ms)`);
  });

  it('refuses wrong credentials, a missing password and a missing database', async () => {
    const { database, user } = await server().freshDatabase();
    const base = `127.0.0.1:${server().port}`;
    expect(await refusal({ path: `postgres://${user}:wrong-Pa55word@${base}/${database}` }, 'wrong-Pa55word')).toBe(
      `postgres://${base}/${database}: cannot connect: password authentication failed for user "${user}"`,
    );
    expect(await refusal({ path: `postgres://${user}@${base}/${database}` }, 'S3cret')).toMatch(
      new RegExp(`^postgres://${base}/${database}: cannot connect: the server asks for a password and none was given`),
    );
    expect(await refusal({ path: `postgres://llmx_admin:admin-secret@${base}/nowhere` }, 'admin-secret')).toBe(
      `postgres://${base}/nowhere: cannot connect: database "nowhere" does not exist (create it: createdb -h 127.0.0.1 -p ${server().port} nowhere)`,
    );
  });

  it('refuses a role that may not create tables, leaving the database as it was', async () => {
    const owner = await server().freshDatabase();
    await server().admin(`CREATE ROLE ${owner.database}_reader LOGIN PASSWORD 'reader-Pa55'`);
    const before = await snapshot(owner.database);
    const message = await refusal({ path: `postgres://${owner.database}_reader:reader-Pa55@127.0.0.1:${server().port}/${owner.database}` }, 'reader-Pa55');
    expect(message).toMatch(
      new RegExp(`^postgres://127\\.0\\.0\\.1:${server().port}/${owner.database}: cannot open the llmx database: user "${owner.database}_reader" may not create or change llmx's tables \\(permission denied for schema public\\)`),
    );
    expect(await snapshot(owner.database)).toEqual(before);
  });

  it('refuses a database written by a newer llmx, and one that is not llmx\'s, writing nothing', async () => {
    const newer = await server().freshDatabase();
    await (await openStore({ path: newer.url })).close();
    await server().admin(`UPDATE llmx_meta SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`, newer.database);
    const before = await snapshot(newer.database);
    expect(await refusal({ path: newer.url }, newer.password)).toBe(
      `postgres://127.0.0.1:${server().port}/${newer.database}: written by a newer llmx (schema version ${SCHEMA_VERSION + 1}, this llmx knows up to ${SCHEMA_VERSION}); upgrade llmx on every host, or use another database`,
    );
    expect(await snapshot(newer.database)).toEqual(before);

    const foreign = await server().freshDatabase();
    await server().admin(`CREATE TABLE customers (id int); INSERT INTO customers VALUES (1); ALTER TABLE customers OWNER TO ${foreign.user}`, foreign.database);
    expect(await refusal({ path: foreign.url }, foreign.password)).toMatch(/: not an llmx database \(tables customers but no llmx_meta\); refusing to touch it/);
    expect(await snapshot(foreign.database)).toEqual({ customers: 1 });
  });
});
