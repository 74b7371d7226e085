import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attempt, startWorld, type World } from '../health/world.js';
import { hasPromtool, promtoolCheckMetrics } from '../metrics/promtool.js';
import { requireBuilt, runLlmx, spawnLlmx } from '../helpers/cli.js';
import { pollUntil } from '../helpers/poll.js';
import { freePort } from '../helpers/ports.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('llmx metrics (built CLI)', () => {
  beforeAll(requireBuilt);

  it('prints the exposition on stdout, with the ledger totals and the circuit opened by health checks', async () => {
    world = await startWorld([
      { name: 'good', protocol: 'openai' },
      { name: 'dead', protocol: 'openai', hangRate: 1 },
    ], { extraYaml: 'failover:\n  max_failures: 1' });
    await world.store.ledger.insert(attempt({ provider: 'good', latencyMs: 300, costUsd: 0.02 }));
    const base = ['--config', world.configPath, '--db', world.dbPath];
    expect((await runLlmx([...base, 'health', '--timeout', '800'])).code).toBe(4);
    const result = await runLlmx([...base, 'metrics']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('provider_requests_total{provider="good",status="ok"} 1\n');
    expect(result.stdout).toContain('provider_cost_total{provider="good"} 0.02\n');
    expect(result.stdout).toContain('provider_response_time_seconds_bucket{provider="good",le="0.5"} 1\n');
    expect(result.stdout).toContain('provider_up{provider="good"} 1\n');
    expect(result.stdout).toContain('provider_up{provider="dead"} 0\n');
    expect(result.stdout).toContain('provider_circuit_state{provider="dead"} 2\n');
    if (hasPromtool) expect(promtoolCheckMetrics(result.stdout)).toEqual({ status: 0, output: '' });
  });

  it('--push to an unreachable gateway is one line, exit 4; flag misuse is exit 2', async () => {
    world = await startWorld([{ name: 'good', protocol: 'openai' }]);
    const base = ['--config', world.configPath, '--db', world.dbPath, 'metrics'];
    const port = await freePort();
    const push = await runLlmx([...base, '--push', `http://127.0.0.1:${port}`]);
    expect(push.code).toBe(4);
    expect(push.stderr).toBe(`llmx: could not push metrics to http://127.0.0.1:${port}: ECONNREFUSED\n`);
    expect(push.stdout).toBe('');
    for (const [args, line] of [
      [['--serve', '--port', '70000'], 'llmx: --port: expected a port number from 0 to 65535, got "70000"'],
      [['--port', '9464'], 'llmx: --port/--host: only meaningful with --serve'],
      [['--serve', '--push', 'http://127.0.0.1:1'], 'llmx: --serve and --push: choose one'],
      [['--push', 'gateway'], 'llmx: --push "gateway": not a URL (expected e.g. http://127.0.0.1:9091)'],
    ] as const) {
      const result = await runLlmx([...base, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')[0]).toBe(line);
    }
  });

  it('--serve --health-interval keeps provider_up current: a provider going down shows within a few rounds', async () => {
    world = await startWorld([
      { name: 'good', protocol: 'openai' },
      { name: 'flaky', protocol: 'openai' },
    ], { extraYaml: 'failover:\n  max_failures: 2', providerFields: { timeout_ms: 1000 } });
    const serve = spawnLlmx(['--config', world.configPath, '--db', world.dbPath, 'metrics', '--serve', '--port', '0', '--health-interval', '0.2'], { timeoutMs: 60_000 });
    try {
      const url = await serve.waitFor('stderr', (stderr) => /serving (http:\/\/\S+\/metrics)/.exec(stderr)?.[1]);
      const scrape = async () => (await fetch(url)).text();
      await pollUntil(async () => ((await scrape()).includes('provider_up{provider="flaky"} 1') && world!.sim.stats('flaky').requests > 0 ? true : undefined), 'flaky up and checked');
      world.sim.update('flaky', { hangRate: 1 });
      const text = await pollUntil(async () => {
        const body = await scrape();
        return body.includes('provider_circuit_state{provider="flaky"} 2') ? body : undefined;
      }, 'flaky down with its circuit open', 20_000, 200);
      expect(text).toContain('provider_up{provider="flaky"} 0');
      expect(text).toContain('provider_up{provider="good"} 1');
    } finally {
      serve.child.kill('SIGTERM');
    }
    expect((await serve.result).code).toBe(0);
  });
});
