import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import type { BenchReport } from '../../src/bench/types.js';
import { requireBuilt, runLlmx as runLlmxIn, spawnLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let sim: RunningSimulator;
let scratch: ReturnType<typeof tempDir> | undefined;
let dir: string;
let configPath: string;
let dbPath: string;

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator(
    {
      seed: 3,
      providers: [
        { name: 'fast', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 20, msPerToken: 2, outputTokens: 8 },
        { name: 'claude', protocol: 'anthropic', models: ['claude-haiku-4-5'], ttftMs: 20, msPerToken: 2, outputTokens: 8 },
        // The warm-up takes the first step; then one failure of each class, then answers.
        { name: 'flaky', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 5, msPerToken: 1, outputTokens: 8, retryAfterMs: 1, script: ['ok', 429, 503, 'drop', 'hang'] },
        { name: 'slow', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 400, msPerToken: 5, outputTokens: 8 },
        { name: 'local', protocol: 'openai', models: ['house-model'], ttftMs: 5, msPerToken: 1, outputTokens: 8 },
      ],
    },
    { port: 0 },
  );
  scratch = tempDir('llmx-bench-e2e-');
  dir = scratch.path;
  dbPath = join(dir, 'llmx.db');
  // flaky's scripted hang should time out well inside the test's time.
  configPath = writeSimProvidersYaml(dir, sim, ['strategies:', '  chain:', '    provider: flaky', '    fallback_providers: [fast]'], { flaky: ['timeout_ms: 1500'] });
});

afterAll(async () => {
  await sim?.close();
  scratch?.remove();
});

const base = () => ['--config', configPath, '--db', dbPath];
/** `llmx` with its home in this file's scratch directory. */
const runLlmx = (args: string[]) => runLlmxIn(args, { cwd: dir });

function parseReport(stdout: string): BenchReport & Record<string, unknown> {
  const envelope = JSON.parse(stdout);
  expect(envelope).toMatchObject({ schema_version: 1, command: 'bench' });
  expect(Array.isArray(envelope.warnings)).toBe(true);
  return envelope.data;
}

function ledgerRows(runId: string): Array<{ command: string; provider: string; status: string; error_class: string | null; strategy: string | null }> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT command, provider, status, error_class, strategy FROM attempts WHERE run_id = ? ORDER BY id').all(runId) as never;
  } finally {
    db.close();
  }
}

function totalCost(runId: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT SUM(cost_usd) AS total FROM attempts WHERE run_id = ?').get(runId) as { total: number }).total;
  } finally {
    db.close();
  }
}

describe('llmx bench against the simulator', () => {
  let firstRunId = '';

  it('reports each target side by side in the bench/1 JSON shape, with errors by class, and writes the ledger', async () => {
    const { code, stdout, stderr } = await runLlmx([...base(), 'bench', '--targets', 'fast:gpt-4o-mini,flaky:gpt-4o-mini', '-n', '8', '-c', '2', '--json', 'Say hi.']);
    expect(stderr).toContain('bench [done]');
    expect(code).toBe(0);
    const data = parseReport(stdout);
    firstRunId = data.run_id;
    expect(data).toMatchObject({ schema: 'bench/1', mode: 'closed', stream: true, concurrency: 2, incomplete: false, warmup_per_target: 1 });
    expect(data.targets.map((target) => target.id)).toEqual(['fast:gpt-4o-mini', 'flaky:gpt-4o-mini']);
    const [fast, flaky] = data.targets;
    expect(fast).toMatchObject({ provider: 'fast', model: 'gpt-4o-mini', counts: { ok: 8, failed: 0, warmup: 1 } });
    for (const metric of ['ttft', 'tpot', 'e2e'] as const) {
      expect(Object.keys(fast.latency_ms[metric]).sort()).toEqual(['mean', 'n', 'p50', 'p90', 'p95', 'p99', 'unreliable']);
    }
    expect(fast.latency_ms.e2e.n).toBe(8);
    expect(fast.latency_ms.e2e.unreliable).toEqual(['p90', 'p95', 'p99']);
    expect(fast.latency_ms.ttft.p50).toBeGreaterThanOrEqual(20);
    expect(fast.latency_ms.ttft.p50!).toBeLessThan(fast.latency_ms.e2e.p50!);
    expect(fast.tokens).toMatchObject({ output_total: 64, source: 'server' });
    expect(fast.throughput.requests_per_s).toBeGreaterThan(0);
    expect(fast.cost.total_usd).toBeGreaterThan(0);
    expect(fast.cost.per_million_output_usd).toBeGreaterThan(0);

    expect(flaky.counts).toMatchObject({ ok: 4, failed: 4 });
    expect(flaky.errors.by_class).toEqual({ '429': 1, '5xx': 1, timeout: 1, network: 1, other: 0 });
    expect(flaky.errors.rate).toBe(0.5);
    expect(flaky.latency_ms.e2e.n).toBe(4); // failures are out of latency statistics

    expect(data.client.verdict).toMatch(/^(ok|warn)$/);
    expect(typeof data.client.event_loop_delay_ms_p99).toBe('number');

    // Every attempt, warm-up included, is in the ledger under command bench and this run id.
    const rows = ledgerRows(data.run_id);
    expect(rows).toHaveLength(2 * (8 + 1));
    expect(rows.every((row) => row.command === 'bench')).toBe(true);
    expect(rows.filter((row) => row.status === 'error').map((row) => row.error_class).sort()).toEqual(['network', 'rate_limit', 'server', 'timeout']);
  });

  it('prints the differences from a saved run with --compare', async () => {
    expect(firstRunId).not.toBe('');
    const { code, stdout } = await runLlmx([...base(), 'bench', '--targets', 'fast:gpt-4o-mini,claude:claude-haiku-4-5', '-n', '4', '--compare', firstRunId, '--json']);
    expect(code).toBe(0);
    const data = parseReport(stdout);
    expect(data.compare).toMatchObject({ run_id: firstRunId, only_before: ['flaky:gpt-4o-mini'], only_after: ['claude:claude-haiku-4-5'] });
    const fast = data.compare!.targets.find((target) => target.id === 'fast:gpt-4o-mini')!;
    const e2e = fast.deltas.find((delta) => delta.metric === 'e2e_p50_ms')!;
    expect(e2e.before).not.toBeNull();
    expect(e2e.delta).toBeCloseTo(e2e.after! - e2e.before!, 9);

    const table = await runLlmx([...base(), 'bench', '--targets', 'fast:gpt-4o-mini', '-n', '2', '--compare', firstRunId]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`compared with run ${firstRunId}`);
    expect(table.stdout).toContain('e2e_p50_ms');
  });

  it('writes CSV, one row per target, to a file with --out', async () => {
    const out = join(dir, 'report.csv');
    const { code, stdout, stderr } = await runLlmx([...base(), 'bench', '--providers', 'fast,local', '-n', '3', '--csv', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`report written to ${out}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const header = lines[0].split(',');
    const local = Object.fromEntries(lines[2].split(',').map((value, index) => [header[index], value]));
    expect(local).toMatchObject({ target: 'local:house-model', ok: '3', failed: '0' });
    // A custom endpoint with no pricing: the cost is unknown (empty), never 0.
    expect(local.cost_total_usd).toBe('');
    expect(Number(local.e2e_ms_p50)).toBeGreaterThan(0);
  });

  it('prints the side-by-side table by default', async () => {
    const { code, stdout } = await runLlmx([...base(), 'bench', '--providers', 'fast,claude', '-n', '3']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/fast:gpt-4o-mini\s.*claude:claude-haiku-4-5/);
    expect(stdout).toContain('TTFT ms p50/p90/p95/p99');
    expect(stdout).toMatch(/client: (ok|warn)/);
  });

  it('reports TTFT as null without streaming', async () => {
    const { code, stdout } = await runLlmx([...base(), 'bench', '--providers', 'fast', '-n', '3', '--no-stream', '--json']);
    expect(code).toBe(0);
    const [fast] = parseReport(stdout).targets;
    expect(fast.latency_ms.ttft).toMatchObject({ n: 0, p50: null, mean: null });
    expect(fast.latency_ms.tpot.p50).toBeNull();
    expect(fast.latency_ms.e2e.n).toBe(3);
  });

  it('benches a strategy with its failover, and an open loop with dispatch delay', async () => {
    const strategy = await runLlmx([...base(), 'bench', '--strategy', 'chain', '-n', '4', '--warmup', '0', '--json']);
    expect(strategy.code).toBe(0);
    const [chain] = parseReport(strategy.stdout).targets;
    expect(chain).toMatchObject({ id: 'strategy:chain', kind: 'strategy', strategy: 'chain', provider: null });
    expect(chain.counts.ok + chain.counts.failed).toBe(4);
    expect(Object.values(chain.served_by).reduce((sum, count) => sum + count, 0)).toBe(chain.counts.ok);

    const open = await runLlmx([...base(), 'bench', '--providers', 'fast', '-n', '10', '--rate', '50', '--seed', '7', '--json']);
    expect(open.code).toBe(0);
    const data = parseReport(open.stdout);
    expect(data).toMatchObject({ mode: 'open', rate_per_s: 50, concurrency: null, seed: 7 });
    expect(data.targets[0].latency_ms.sched_e2e!.n).toBe(10);
    expect(data.client.dispatch_delay_ms!.n).toBe(10);
    expect(data.client.target_rate_per_s).toBe(50);
    expect(data.client.achieved_rate_per_s).toBeGreaterThan(0);
  });

  it('runs for --duration seconds, and stops before --budget could be exceeded (exit 5)', async () => {
    const timed = await runLlmx([...base(), 'bench', '--providers', 'fast', '--duration', '2', '-c', '1', '--warmup', '0', '--json']);
    expect(timed.code).toBe(0);
    const data = parseReport(timed.stdout);
    expect(data).toMatchObject({ requests_per_target: null, duration_s: 2, incomplete: false });
    expect(data.targets[0].counts.ok).toBeGreaterThan(1);
    expect(data.elapsed_s).toBeGreaterThanOrEqual(2);

    const budgetUsd = 0.00004;
    const capped = await runLlmx([...base(), 'bench', '--providers', 'fast', '-n', '50', '-c', '1', '--max-tokens', '8', '--budget', String(budgetUsd), '--json']);
    expect(capped.code).toBe(5);
    expect(capped.stderr).toContain('--budget');
    const report = parseReport(capped.stdout);
    expect(report).toMatchObject({ incomplete: true, stopped_by: 'budget' });
    expect(report.targets[0].counts.ok).toBeGreaterThan(0);
    expect(report.targets[0].counts.ok).toBeLessThan(50);
    const spentUsd = totalCost(report.run_id);
    expect(spentUsd).toBeLessThanOrEqual(budgetUsd);
  });

  it('stops cleanly on Ctrl-C, reporting what finished as incomplete', async () => {
    const child = spawnLlmx([...base(), 'bench', '--providers', 'slow', '-n', '200', '-c', '2', '--warmup', '0', '--json'], { cwd: dir });
    // Wait for a progress line that shows finished requests.
    await child.waitFor('stderr', (text) => (/slow:gpt-4o-mini [1-9]\d*\/200/.test(text) ? true : undefined));
    child.child.kill('SIGINT');
    const { code, stdout } = await child.result;
    expect(code).toBe(130);
    const data = parseReport(stdout);
    expect(data).toMatchObject({ incomplete: true, stopped_by: 'interrupted' });
    // The requests cut off in flight are not failures.
    expect(data.targets[0].counts.failed).toBe(0);
    expect(data.targets[0].counts.ok).toBeGreaterThan(0);
    expect(data.targets[0].counts.ok).toBeLessThan(200);
  });
});

describe('llmx bench refuses bad input with one line', () => {
  it.each([
    [['--providers', 'fast', '-n', '0'], 2, /--requests: expected a positive integer/],
    [['--providers', 'fast', '-c', '-1'], 2, /--concurrency/],
    [['--providers', 'fast', '--duration', '0'], 2, /--duration: expected a positive number of seconds, got "0"/],
    [['--providers', 'fast', '--budget', '-1'], 2, /--budget: expected a non-negative number, got "-1"/],
    [['--providers', 'nope'], 2, /unknown provider "nope"/],
    [['--targets', 'fast'], 2, /not provider:model/],
    [['--strategy', 'nope'], 2, /unknown strategy "nope"/],
    [['--providers', 'fast', '--compare', 'no-such-run'], 2, /no saved bench run "no-such-run"/],
    [[], 2, /name what to bench/],
  ])('bench %j exits %i', async (args, exit, message) => {
    const { code, stderr, stdout } = await runLlmx([...base(), 'bench', ...(args as string[])]);
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('names the file and line of a bad dataset line', async () => {
    const dataset = join(dir, 'prompts.jsonl');
    writeFileSync(dataset, '"first"\n{"prompt": "second"}\n{not json}\n');
    const { code, stderr } = await runLlmx([...base(), 'bench', '--providers', 'fast', '--dataset', dataset]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${dataset}:3: not valid JSON`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 5 when --budget is already spent, before any request', async () => {
    const before = sim.stats('fast').requests;
    const { code, stderr } = await runLlmx([...base(), 'bench', '--providers', 'fast', '--budget', '0']);
    expect(code).toBe(5);
    expect(stderr).toMatch(/--budget \$0\.00 is already spent/);
    expect(sim.stats('fast').requests).toBe(before);
  });
});
