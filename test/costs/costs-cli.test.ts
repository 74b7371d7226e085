import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../src/spec/ledger.js';
import { openStore } from '../../src/store/index.js';
import { attemptRecord, marchFixture } from '../helpers/attempt-record.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
/** providers.yaml needs one provider; a local one needs no key and is never called here. */
const LOCAL_PROVIDER = 'providers:\n  ollama:\n    type: ollama\n    base_url: http://127.0.0.1:9\n    models: [llama2]\n';

beforeAll(requireBuilt);

async function ledgerWith(records: AttemptRecord[]): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'ledger.db');
  const store = await openStore({ path: db });
  store.ledger.insertMany(records);
  store.close();
  return { dir, db };
}

function envelope(stdout: string) {
  return JSON.parse(stdout) as { schema_version: number; command: string; data: any; warnings: string[] };
}

describe('llmx costs (spawned)', () => {
  it('matches the hand-priced fixture to the cent with --json, without any providers.yaml', async () => {
    const { dir, db } = await ledgerWith(marchFixture());
    const result = await runLlmx(['costs', '--db', db, '--month', '2026-03', '--by', 'provider', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const out = envelope(result.stdout);
    expect(out.schema_version).toBe(1);
    expect(out.command).toBe('costs');
    expect(out.data.totals.cost_usd.toFixed(2)).toBe('1.55'); // 0.45 + 0.0825 + 0.30 + 0.72
    expect(out.data.totals.unpriced_requests).toBe(1);
    const openai = out.data.rows.find((row: any) => row.provider === 'openai');
    expect(openai.cost_usd.toFixed(2)).toBe('1.25'); // 0.45 + 0.0825 + 0.72
    expect(out.data.rows.find((row: any) => row.provider === 'myproxy').cost_usd).toBeNull();
  });

  it('takes day and month boundaries from --tz', async () => {
    const { dir, db } = await ledgerWith(marchFixture());
    const result = await runLlmx(['costs', '--db', db, '--month', '2026-03', '--tz', 'Europe/Berlin', '--by', 'day', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const data = envelope(result.stdout).data;
    expect(data.period.tz).toBe('Europe/Berlin');
    expect(data.rows[0]).toMatchObject({ day: '2026-03-01', requests: 1, cost_usd: 0.36 });
    expect(data.totals.cost_usd.toFixed(2)).toBe('1.19'); // 0.36 + 0.45 + 0.0825 + 0.30
  });

  it('accepts --by as a comma list and repeated, and --since/--until days inclusive', async () => {
    const { dir, db } = await ledgerWith(marchFixture());
    const result = await runLlmx(['costs', '--db', db, '--since', '2026-03-02', '--until', '2026-03-03', '--by', 'provider,model', '--by', 'tag', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const data = envelope(result.stdout).data;
    expect(data.by).toEqual(['provider', 'model', 'tag']);
    expect(data.totals.requests).toBe(4); // r1, r2 on the 2nd; both r3 attempts on the 3rd
    expect(data.rows.map((row: any) => [row.provider, row.model, row.tag])).toEqual([
      ['anthropic', 'claude-sonnet-4-5', null],
      ['openai', 'gpt-4o', 'team=a'],
      ['openai', 'gpt-4o-mini', 'job=ci'],
      ['openai', 'gpt-4o-mini', 'team=b'],
    ]);
  });

  it('prints the same JSON shape, a table and CSV header for an empty ledger', async () => {
    const { dir, db } = await ledgerWith([]);
    const json = await runLlmx(['costs', '--db', db, '--json'], { cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    const data = envelope(json.stdout).data;
    expect(data.rows).toEqual([]);
    expect(data.totals).toMatchObject({ requests: 0, cost_usd: 0, unpriced_requests: 0 });
    expect(data.projection).toMatchObject({ basis_days: 7, projected_month_usd: 0 });
    const table = await runLlmx(['costs', '--db', db, '--today'], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/provider .*requests .*failures .*input tok .*output tok .*cost .*mean latency/);
    expect(table.stdout).toMatch(/Total .* 0 .* \$0\.00/);
    const csv = await runLlmx(['costs', '--db', db, '--csv'], { cwd: dir });
    expect(csv.stdout).toBe('provider,requests,failures,input_tokens,output_tokens,cached_input_tokens,cache_write_tokens,cache_write_1h_tokens,reasoning_tokens,cost_usd,unpriced_requests,mean_latency_ms\n');
  });

  it.each([
    [['--month', '2026-13'], /--month: expected YYYY-MM/],
    [['--since', '2026-02-30'], /--since: expected YYYY-MM-DD/],
    [['--until', 'yesterday'], /--until: expected YYYY-MM-DD/],
    [['--by', 'provider,colour'], /--by: unknown key "colour"/],
    [['--tz', 'Mars/Olympus'], /--tz: unknown time zone "Mars\/Olympus"/],
    [['--today', '--month'], /--today and --month cannot be combined/],
    [['--since', '2026-03-05', '--until', '2026-03-01'], /is not before/],
    [['--csv', '--json'], /--json and --csv cannot be combined/],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const { dir, db } = await ledgerWith([]);
    const result = await runLlmx(['costs', '--db', db, ...args], { cwd: dir });
    expect(result.code).toBe(2);
    // With --json the refusal is an error envelope on stdout; otherwise stdout stays empty.
    if (args.includes('--json')) expect(JSON.parse(result.stdout)).toMatchObject({ command: 'costs', data: { error: { message: expect.stringMatching(message), exit_code: 2 } } });
    else expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n').filter((line) => !line.includes('warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('refuses a --db that is not an llmx database (exit 3) and leaves it alone', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'not a database\n');
    const result = await runLlmx(['costs', '--db', path], { cwd: dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not an llmx database/);
    expect(readFileSync(path, 'utf8')).toBe('not a database\n');
  });

  it('--reprice recomputes stored costs and unit prices, reporting how many rows changed', async () => {
    const stripped = marchFixture().map((record) => ({ ...record, inputPricePerMTok: null, outputPricePerMTok: null, cachedInputPricePerMTok: null, costUsd: null }));
    const { dir, db } = await ledgerWith(stripped);
    const first = await runLlmx(['costs', '--db', db, '--reprice', '--month', '2026-03', '--json'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    // Within March (UTC): 7 attempts, all but myproxy's now priced.
    expect(first.stderr).toMatch(/repriced: 6 of 7 attempt\(s\) changed; 1 still without a known price/);
    expect(envelope(first.stdout).data.totals.cost_usd.toFixed(4)).toBe('1.5525');
    // Unchanged prices: nothing changes the second time (same formula in SQL and JS).
    const second = await runLlmx(['costs', '--db', db, '--reprice'], { cwd: dir });
    expect(second.stderr).toMatch(/repriced: 1 of 8 attempt\(s\) changed/); // r7 in February, outside the first run
    const third = await runLlmx(['costs', '--db', db, '--reprice'], { cwd: dir });
    expect(third.stderr).toMatch(/repriced: 0 of 8 attempt\(s\) changed; 1 still without/);
    // A price for the proxy's model in providers.yaml prices the last one.
    const config = join(dir, 'providers.yaml');
    const proxy = '  myproxy:\n    type: custom\n    base_url: http://127.0.0.1:9/v1\n    models: [gpt-4o-mini-x]\n';
    writeFileSync(config, `${LOCAL_PROVIDER}${proxy}pricing:\n  myproxy:\n    gpt-4o-mini-x:\n      input: 1\n      output: 2\n`);
    const fourth = await runLlmx(['costs', '--db', db, '--config', config, '--reprice', '--month', '2026-03', '--json'], { cwd: dir });
    expect(fourth.stderr, fourth.stderr).toMatch(/repriced: 1 of 7 attempt\(s\) changed; 0 still without/);
    expect(envelope(fourth.stdout).data.totals.cost_usd.toFixed(4)).toBe('1.5555'); // + 1000 x $1 + 1000 x $2 per million
  });

  it('--check exits 5 naming each budget past its threshold, 0 when under', async () => {
    const now = Date.now();
    const { dir, db } = await ledgerWith([attemptRecord({ startedAtMs: now - 1000, costUsd: 0.9 })]);
    const config = join(dir, 'providers.yaml');
    writeFileSync(config, `${LOCAL_PROVIDER}budgets:\n  daily_budget: 1\n  monthly_budget: 100\n  alert_threshold: 0.8\n`);
    const over = await runLlmx(['costs', '--db', db, '--config', config, '--check', '--today', '--json'], { cwd: dir });
    expect(over.code, over.stderr).toBe(5);
    expect(over.stderr).toMatch(/1 budget\(s\) past their alert threshold/);
    expect(over.stderr).toMatch(/global\.daily \(\d{4}-\d{2}-\d{2}\): \$0\.9000 of \$1\.00, 90% \(alert at 80%\)/);
    expect(over.stderr).not.toMatch(/global\.monthly/);
    const budgets = envelope(over.stdout).data.budgets;
    expect(budgets.map((budget: any) => [budget.budget, budget.state])).toEqual([
      ['global.daily', 'alert'],
      ['global.monthly', 'ok'],
    ]);
    writeFileSync(config, `${LOCAL_PROVIDER}budgets:\n  daily_budget: 2\n`);
    const under = await runLlmx(['costs', '--db', db, '--config', config, '--check'], { cwd: dir });
    expect(under.code, under.stderr).toBe(0);
    expect(under.stdout).toMatch(/Budget global\.daily .*\$0\.9000 of \$2\.00 \(45%, alert at 80%\) ok/);
  });
});
