import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCircuit, circuitSettingsOf } from '../../src/resilience/circuit-breaker.js';
import { openStore } from '../../src/store/index.js';
import { startWorld, type World } from '../health/world.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** One healthy, one hanging (down), one slow (degraded on a deep check), with a priority chain over them. */
async function proofWorld(): Promise<World> {
  return startWorld(
    [
      { name: 'good', protocol: 'openai', models: ['gpt-4o-mini'] },
      { name: 'dead', protocol: 'openai', models: ['gpt-4o-mini'], hangRate: 1 },
      { name: 'slow', protocol: 'anthropic', models: ['claude-haiku-4-5'], ttftMs: 2000 },
    ],
    { extraYaml: 'failover:\n  max_failures: 2\n  recovery_timeout: 600\nstrategies:\n  default:\n    provider: dead\n    fallback_providers: [good]' },
  );
}

describe('llmx health (built CLI against the simulator)', () => {
  beforeAll(requireBuilt);

  it('reports down and degraded in --json and exits 4; after max_failures down checks the next ask skips the dead provider', async () => {
    world = await proofWorld();
    const base = ['--config', world.configPath, '--db', world.dbPath];
    const first = await runLlmx([...base, 'health', '--json', '--deep', '--timeout', '3000', '--degraded-ms', '1200']);
    expect(first.code).toBe(4);
    const envelope = JSON.parse(first.stdout);
    expect(envelope).toMatchObject({ schema_version: 1, command: 'health', warnings: [] });
    const rows = Object.fromEntries(envelope.data.providers.map((row: { name: string }) => [row.name, row]));
    expect(rows.good).toMatchObject({ status: 'healthy', type: 'openai', circuit: 'closed', error: null });
    expect(rows.dead).toMatchObject({ status: 'down', circuit: 'closed', error: 'no answer within 3000 ms' });
    expect(rows.slow).toMatchObject({ status: 'degraded', type: 'anthropic', error: null });
    expect(rows.slow.latency_ms).toBeGreaterThanOrEqual(2000);
    for (const row of envelope.data.providers) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['name', 'type', 'status', 'latency_ms', 'circuit', 'error', 'p50_ms', 'p95_ms', 'error_rate', 'requests_today', 'cost_today_usd']));
    }
    // The deep checks that answered are requests: today's count shows them.
    expect(rows.good.requests_today).toBe(1);

    // The second down check reaches max_failures (2): the circuit opens, in the shared database.
    const second = await runLlmx([...base, 'health', '--json', '--provider', 'dead', '--timeout', '500']);
    expect(second.code).toBe(4);
    expect(JSON.parse(second.stdout).data.providers).toEqual([expect.objectContaining({ name: 'dead', status: 'down', circuit: 'open' })]);
    const store = await openStore({ path: world.dbPath });
    try {
      const view = await readCircuit(store.state, 'dead', circuitSettingsOf(world.config.providers.dead.failover), Date.now());
      expect(view).toMatchObject({ status: 'open', consecutiveFailures: 2 });
    } finally {
      store.close();
    }

    const requestsBefore = world.sim.stats('dead').requests;
    const ask = await runLlmx([...base, 'ask', '--json', 'say hi']);
    expect(ask.stderr).toBe('');
    expect(ask.code).toBe(0);
    expect(JSON.parse(ask.stdout).data.provider).toBe('good');
    expect(world.sim.stats('dead').requests).toBe(requestsBefore);
  });

  it('prints a table and exits 0 when every checked provider is healthy; unconfigured does not fail the run', async () => {
    world = await startWorld([{ name: 'good', protocol: 'ollama' }], { extraProvidersYaml: '  keyless:\n    type: openai\n    api_key: ${LLMX_E2E_UNSET}\n    models: [gpt-4o-mini]' });
    const result = await runLlmx(['--config', world.configPath, '--db', world.dbPath, 'health']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^good\s+ollama\s+healthy\s+\d+ ms\s+closed/m);
    expect(result.stdout).toMatch(/^keyless\s+openai\s+unconfigured\s+-\s+closed/m);
    expect(result.stdout).toContain('${LLMX_E2E_UNSET} is not set');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('--watch without a terminal prints one line per provider per round', async () => {
    world = await startWorld([
      { name: 'good', protocol: 'openai' },
      { name: 'dead', protocol: 'openai', hangRate: 1 },
    ]);
    const result = await runLlmx(['--config', world.configPath, '--db', world.dbPath, 'health', '--watch', '--interval', '0.1', '--rounds', '2', '--timeout', '800']);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((line) => / good healthy latency=\d+ms circuit=closed /.test(line))).toHaveLength(2);
    expect(lines.filter((line) => / dead down latency=\d+ms circuit=closed .*error="no answer within 800 ms"$/.test(line))).toHaveLength(2);
    expect(result.code).toBe(4);
  });

  it('bad input: one line, exit 2', async () => {
    world = await startWorld([{ name: 'good', protocol: 'openai' }]);
    const base = ['--config', world.configPath, '--db', world.dbPath, 'health'];
    for (const [args, message] of [
      [['--watch', '--interval', '0'], 'llmx: --interval: expected a positive number of seconds, got "0"'],
      [['--watch', '--interval', 'soon'], 'llmx: --interval: expected a positive number of seconds, got "soon"'],
      [['--timeout', '-5'], 'llmx: --timeout: expected a positive integer, got "-5"'],
      [['--provider', 'nope'], 'llmx: --provider nope: no such provider (configured: good)'],
    ] as const) {
      const result = await runLlmx([...base, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')[0]).toBe(message);
      expect(result.stdout).toBe('');
    }
    expect(world.sim.stats('good').requests).toBe(0);
  });
});
