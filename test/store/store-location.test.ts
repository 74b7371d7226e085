import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/spec/errors.js';
import { parseStoreLocation, storeLocationOf } from '../../src/store/index.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

function refusal(value: string, source = '--db'): string {
  try {
    parseStoreLocation(value, source);
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).exitCode).toBe(3);
    return (error as StoreError).message;
  }
  throw new Error(`${value} was accepted`);
}

describe('parseStoreLocation', () => {
  it('takes a path (relative, absolute, even with a colon inside) for a SQLite file', () => {
    expect(parseStoreLocation('llmx.db', '--db')).toEqual({ kind: 'sqlite', path: resolve('llmx.db'), shown: resolve('llmx.db') });
    expect(parseStoreLocation('/data/llmx.db', '--db')).toMatchObject({ kind: 'sqlite', path: '/data/llmx.db' });
    expect(parseStoreLocation('C:/data/llmx.db', '--db')).toMatchObject({ kind: 'sqlite' });
    expect(parseStoreLocation('runs/2026-03-01T10:00.db', '--db')).toMatchObject({ kind: 'sqlite' });
  });

  it('reads postgres:// and postgresql:// URLs, with the default port, and shows them without the password', () => {
    expect(parseStoreLocation('postgres://llmx:s3cret@db.internal:6543/team', '--db')).toEqual({
      kind: 'postgres',
      url: 'postgres://llmx:s3cret@db.internal:6543/team',
      host: 'db.internal',
      port: 6543,
      database: 'team',
      user: 'llmx',
      shown: 'postgres://db.internal:6543/team',
    });
    expect(parseStoreLocation('postgresql://ci@127.0.0.1/llmx', 'LLMX_DB')).toMatchObject({ port: 5432, shown: 'postgres://127.0.0.1:5432/llmx', user: 'ci' });
    expect(parseStoreLocation('POSTGRES://[::1]/llmx?sslmode=disable', '--db')).toMatchObject({ host: '::1', user: '', shown: 'postgres://[::1]:5432/llmx' });
  });

  it('refuses a scheme it has no store for in one line naming the source, never the password', () => {
    const message = refusal('mysql://root:hunter22@db.internal:3306/llmx');
    expect(message).toBe('--db: mysql://db.internal:3306/llmx: llmx has no store for "mysql://" URLs; use a SQLite file path or postgres://host:5432/database');
    expect(refusal('redis://x:pw@h/0', 'LLMX_DB')).toMatch(/^LLMX_DB: redis:\/\/h\/0: llmx has no store/);
  });

  it('refuses malformed PostgreSQL URLs in one line without the password', () => {
    for (const [value, expected] of [
      ['postgres://u:p@ss@[oops/llmx', /^--db: postgres:\/\/\[oops\/llmx: not a valid URL/],
      ['postgres:/u:pw@host/llmx', /^--db: postgres:\/host\/llmx: no host/],
      ['postgres://u:pw@host', /^--db: postgres:\/\/host: expected one database name after the host, as in postgres:\/\/host\/llmx$/],
      ['postgres://u:pw@host/a/b', /expected one database name/],
      ['postgres://u:pw@host:99999/llmx', /not a valid URL/],
    ] as const) {
      const message = refusal(value);
      expect(message).toMatch(expected);
      expect(message).not.toMatch(/ss@|pw/);
      expect(message.split('\n')).toHaveLength(1);
    }
  });

  it('is --db, else LLMX_DB, else the default file', () => {
    expect(storeLocationOf({ path: '/a.db', env: { LLMX_DB: '/b.db' } })).toMatchObject({ path: '/a.db' });
    expect(storeLocationOf({ env: { LLMX_DB: '/b.db' } })).toMatchObject({ path: '/b.db' });
    expect(storeLocationOf({ env: { XDG_DATA_HOME: '/data' } })).toMatchObject({ path: '/data/llmx/llmx.db' });
    expect(() => storeLocationOf({ env: { LLMX_DB: 'mysql://h/db' } })).toThrow(/^LLMX_DB: mysql:\/\/h\/db/);
  });
});

describe('a URL given to the CLI', () => {
  beforeAll(requireBuilt);

  it('is never created as a directory: an unknown scheme is one line, exit 3, and nothing appears in the working directory', async () => {
    const cwd = tempDir();
    const config = join(cwd, 'providers.yaml');
    writeFileSync(config, 'providers:\n  openai: {api_key: sk-test-000000, models: [gpt-4o-mini]}\n');
    const before = readdirSync(cwd);
    for (const [args, env] of [
      [['--db', 'mysql://root:hunter22@127.0.0.1:3306/llmx', 'costs'], {}],
      [['costs'], { LLMX_DB: 'mysql://root:hunter22@127.0.0.1:3306/llmx' }],
      [['--db', 'postgres:/llmx:hunter22@127.0.0.1:5432/llmx', 'costs'], {}],
    ] as const) {
      const result = await runLlmx(['--config', config, ...args], { cwd, env });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^llmx: (--db|LLMX_DB): (mysql|postgres):/);
      expect(result.stderr).not.toContain('hunter22');
    }
    expect(readdirSync(cwd)).toEqual(before);
  });
});
