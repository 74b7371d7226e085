import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { openStore } from '../../src/store/index.js';
import { requireBuilt, runLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { attemptRecord } from '../helpers/attempt-record.js';
import { tempDir } from '../helpers/temp-dir.js';

// `llmx ask` writing the ledger and obeying budgets, end to end: built CLI, real SDKs, simulator on loopback.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({
    providers: [
      { name: 'primary', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 8 },
      { name: 'local', protocol: 'ollama', models: ['llama3.2'], outputTokens: 8 },
    ],
  });
  dir = tempDir('llmx-ask-ledger-');
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

function configWith(name: string, budgets: string[]): string {
  const sub = join(dir.path, name);
  mkdirSync(sub, { recursive: true });
  const path = writeSimProvidersYaml(sub, sim, ['strategies:', '  default:', '    provider: primary', '    fallback_providers: [local]', ...budgets]);
  // A loaded machine running 8 CLIs at once must not turn a slow answer into a timeout and a second attempt row.
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll('timeout_ms: 3000', 'timeout_ms: 30000'));
  return path;
}

function rows(db: string): Array<Record<string, any>> {
  const handle = new Database(db, { readonly: true });
  const all = handle.prepare('SELECT * FROM attempts ORDER BY id').all() as Array<Record<string, any>>;
  handle.close();
  return all;
}

/** Spend already on today's ledger, so a budget is near or past its limit before the test's asks. */
async function spent(db: string, costUsd: number): Promise<void> {
  const store = await openStore({ path: db });
  await store.ledger.insert(attemptRecord({ requestId: 'earlier', provider: 'primary', modelRequested: 'gpt-4o-mini', startedAtMs: Date.now() - 1000, costUsd }));
  store.close();
}

describe('llmx ask and the ledger', () => {
  it('8 processes started at once leave exactly 8 priced rows, and costs adds them up to the cent', async () => {
    const config = configWith('eight', []);
    const db = join(dir.path, 'eight.db');
    const results = await Promise.all(Array.from({ length: 8 }, (_, index) => runLlmx(['ask', '--config', config, '--db', db, '--tag', `job=${index}`, `question ${index}`], { cwd: dir.path })));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const stored = rows(db);
    expect(stored).toHaveLength(8);
    expect(new Set(stored.map((row) => row.request_id)).size).toBe(8);
    // By hand, from the stored token counts at gpt-4o-mini's $0.15 / $0.60 per million.
    let expectedUsd = 0;
    for (const row of stored) {
      expect(row).toMatchObject({ provider: 'primary', model_requested: 'gpt-4o-mini', status: 'ok', output_tokens: 8, input_price_per_mtok: 0.15, output_price_per_mtok: 0.6, ci: 1, prompt_text: null });
      expectedUsd += (row.input_tokens * 0.15 + row.output_tokens * 0.6) / 1e6;
    }
    expect(JSON.stringify(stored)).not.toContain('sim-key');
    const costs = await runLlmx(['costs', '--config', config, '--db', db, '--today', '--by', 'tag', '--json'], { cwd: dir.path });
    expect(costs.code, costs.stderr).toBe(0);
    const data = JSON.parse(costs.stdout).data;
    expect(data.totals.requests).toBe(8);
    expect(data.totals.cost_usd).toBeCloseTo(expectedUsd, 6);
    expect(data.rows.map((row: any) => row.tag)).toEqual(Array.from({ length: 8 }, (_, index) => `job=${index}`));
  });

  it('on_exceed: block refuses to spend (exit 5) naming the budget, the spend and the limit', async () => {
    const config = configWith('block', ['budgets:', '  daily_budget: 1', '  on_exceed: block']);
    const db = join(dir.path, 'block.db');
    await spent(db, 1.25);
    const result = await runLlmx(['ask', '--config', config, '--db', db, 'hello'], { cwd: dir.path });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/llmx: global daily budget exceeded: \$1\.25 spent of its \$1\.00 limit for \d{4}-\d{2}-\d{2} \(on_exceed: block\)/);
    expect(rows(db)).toHaveLength(1);
  });

  it('on_exceed: local_only lets only the zero-cost provider serve', async () => {
    const config = configWith('local-only', ['budgets:', '  daily_budget: 1', '  on_exceed: local_only']);
    const db = join(dir.path, 'local-only.db');
    await spent(db, 1.25);
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--json', 'hello'], { cwd: dir.path });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).data).toMatchObject({ provider: 'local', cost_usd: 0 });
    expect(result.stderr).toMatch(/only local providers may serve/);
  });

  it('an alert fires exactly once when two ask processes cross the threshold together', async () => {
    const log = join(dir.path, 'alerts.log');
    const config = configWith('alert', ['budgets:', '  daily_budget: 1', '  alert_threshold: 0.5', `  alert_command: 'echo "$LLMX_ALERT_BUDGET $LLMX_ALERT_PERIOD" >> ${log}'`]);
    const db = join(dir.path, 'alert.db');
    await spent(db, 0.4999995); // just under $0.50: any real answer crosses it
    const results = await Promise.all([0, 1].map(() => runLlmx(['ask', '--config', config, '--db', db, 'hello'], { cwd: dir.path })));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    expect(results.filter((result) => /global daily budget alert/.test(result.stderr))).toHaveLength(1);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([expect.stringMatching(/^global\.daily \d{4}-\d{2}-\d{2}$/)]);
  });
});
