import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/index.js';
import { requireBuilt, ROOT, spawnNode } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const CHILD = join(ROOT, 'test', 'store', 'helpers', 'writer-child.js');

beforeAll(requireBuilt);

function run(args: string[]) {
  return spawnNode(CHILD, args).result;
}

function query<T>(path: string, sql: string): T {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as T;
  } finally {
    db.close();
  }
}

describe('one database file shared by concurrent processes', () => {
  it('8 processes started at once on a new file leave exactly 8 rows and one set of migrations', async () => {
    const path = join(tempDir(), 'shared.db');
    const results = await Promise.all(Array.from({ length: 8 }, (_, index) => run(['insert', path, `req-${index}`])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(query<number>(path, 'SELECT COUNT(*) FROM attempts')).toBe(8);
    expect(query<number>(path, 'SELECT COUNT(DISTINCT request_id) FROM attempts')).toBe(8);
    expect(query<number>(path, 'SELECT COUNT(*) FROM migrations')).toBe(MIGRATIONS.length);
  });

  it('a writer killed with SIGKILL mid-stream leaves a database whose integrity check passes', async () => {
    const path = join(tempDir(), 'killed.db');
    const writer = spawnNode(CHILD, ['loop', path]);
    await writer.waitFor('stdout', (stdout) => (stdout.includes('ready') ? true : undefined));
    writer.child.kill('SIGKILL');
    expect((await writer.result).signal).toBe('SIGKILL');
    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT COUNT(*) FROM attempts').pluck().get() as number;
    const counter = JSON.parse(db.prepare("SELECT value FROM state WHERE key = 'counter'").pluck().get() as string) as number;
    db.close();
    expect(rows).toBeGreaterThan(50);
    // Each loop step is two transactions (row, then counter): a kill between them leaves at most one row ahead.
    expect(rows - counter).toBeGreaterThanOrEqual(0);
    expect(rows - counter).toBeLessThanOrEqual(1);
  });

  it('an alert fires exactly once when several processes cross the threshold together', async () => {
    const dir = tempDir();
    const path = join(dir, 'alerts.db');
    const log = join(dir, 'alerts.log');
    const config = {
      budgets: {
        global: { dailyBudgetUsd: 1, alertThreshold: 0.4, onExceed: 'warn', alertCommand: `echo "$LLMX_ALERT_BUDGET $LLMX_ALERT_PERIOD $LLMX_ALERT_SPENT_USD $LLMX_ALERT_LIMIT_USD $LLMX_ALERT_THRESHOLD [$LLMX_ALERT_PROVIDER]" >> '${log}'` },
        providers: {},
      },
    };
    // Each adds $0.50 then checks: whatever the interleaving, every one of them sees spend past $0.40.
    const results = await Promise.all(Array.from({ length: 4 }, () => run(['alert', path, JSON.stringify(config)])));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(results.flatMap((result) => JSON.parse(result.stdout) as string[])).toEqual(['global.daily']);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^global\.daily \d{4}-\d{2}-\d{2} [0-2]\.\d{6} 1 0\.4 \[\]$/);
    expect(query<number>(path, 'SELECT COUNT(*) FROM budget_alerts')).toBe(1);
  });
});
