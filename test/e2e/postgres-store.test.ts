import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { describeWithPostgres, usePostgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';

// The built CLI on a shared PostgreSQL store: selected by --db, LLMX_DB or store.url, every command on it.
const server = usePostgres();
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let config: string;

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({ providers: [{ name: 'primary', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 8 }] });
  dir = tempDir('llmx-pg-cli-');
  config = writeSimProvidersYaml(dir.path, sim);
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

/** "connection authorized" lines the server logged for `database` (log_connections is on). */
function connectionsTo(database: string): number {
  return readFileSync(join(server().dir, 'server.log'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('connection authorized') && line.includes(`database=${database} `)).length;
}

describeWithPostgres()('llmx on a PostgreSQL store', () => {
  it('ask records its attempt in the shared ledger over one connection, and costs reads it back from any selection', async () => {
    const { url, database, password } = await server().freshDatabase();
    const before = readdirSync(dir.path);
    const asked = await runLlmx(['ask', '--config', config, '--db', url, '--provider', 'primary', '--no-stream', 'hello'], { cwd: dir.path });
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stdout.trim().split(/\s+/)).toHaveLength(8);
    // Connecting, migrating, two state transactions and the ledger row, all over one connection.
    expect(connectionsTo(database)).toBe(1);
    expect(Number((await server().admin('SELECT COUNT(*) AS n FROM attempts', database)).rows[0].n)).toBe(1);

    const viaFlag = await runLlmx(['costs', '--json', '--config', config, '--db', url]);
    expect(viaFlag.code, viaFlag.stderr).toBe(0);
    const viaEnv = await runLlmx(['costs', '--json', '--config', config], { env: { LLMX_DB: url } });
    const withStore = join(dir.path, 'with-store.yaml');
    writeFileSync(withStore, `${readFileSync(config, 'utf8')}store:\n  url: postgres://${database}:\${TEAM_DB_PASSWORD}@127.0.0.1:${server().port}/${database}\n`);
    const viaConfig = await runLlmx(['costs', '--json', '--config', withStore], { env: { TEAM_DB_PASSWORD: password } });
    for (const result of [viaFlag, viaEnv, viaConfig]) {
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).data.totals).toMatchObject({ requests: 1 });
    }
    // Nothing was created on the local disk, and the password was never printed.
    expect(readdirSync(dir.path).filter((name) => !before.includes(name))).toEqual(['with-store.yaml']);
    const shown = await runLlmx(['config', 'show', '--config', withStore], { env: { TEAM_DB_PASSWORD: password } });
    expect(shown.code, shown.stderr).toBe(0);
    for (const result of [asked, viaFlag, viaEnv, viaConfig, shown]) expect(result.stdout + result.stderr).not.toContain(password);
  });

  it('a wrong password is one line naming the server and database, exit 3, with or without --json', async () => {
    const { database, user } = await server().freshDatabase();
    const url = `postgres://${user}:not-the-Pa55word@127.0.0.1:${server().port}/${database}`;
    const plain = await runLlmx(['ask', '--config', config, '--db', url, 'hello']);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toBe(`llmx: postgres://127.0.0.1:${server().port}/${database}: cannot connect: password authentication failed for user "${user}"\n`);
    const json = await runLlmx(['costs', '--json', '--config', config, '--db', url]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).data.error).toMatchObject({ exit_code: 3 });
    expect(json.stdout + json.stderr + plain.stdout).not.toContain('not-the-Pa55word');
  });

  it('an unset ${VAR} in store.url is a configuration error, not a silent local file', async () => {
    const withStore = join(dir.path, 'unset.yaml');
    writeFileSync(withStore, `${readFileSync(config, 'utf8')}store:\n  url: postgres://llmx:\${UNSET_DB_PASSWORD}@127.0.0.1:1/llmx\n`);
    const result = await runLlmx(['costs', '--config', withStore]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^llmx: .*unset\.yaml:\d+:\d+: store\.url: \$\{UNSET_DB_PASSWORD\} is not set \(a shared store's URL must be complete\)\n$/);
  });
});
