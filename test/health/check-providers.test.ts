import { afterEach, describe, expect, it } from 'vitest';
import { checkProviders } from '../../src/health/check-providers.js';
import { loadHealth } from '../../src/health/health-state.js';
import { createPriceLookup } from '../../src/pricing/index.js';
import { readCircuit, circuitSettingsOf } from '../../src/resilience/circuit-breaker.js';
import type { LatencyStats } from '../../src/resilience/latency-stats.js';
import { UsageError } from '../../src/spec/errors.js';
import { attempt, startWorld, type World } from './world.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const byName = <T extends { name: string }>(rows: T[]) => Object.fromEntries(rows.map((row) => [row.name, row]));

describe('checkProviders against the simulator', () => {
  it('reports healthy, down (hang past the timeout), degraded (429) and unconfigured (missing key) at once', async () => {
    world = await startWorld(
      [
        { name: 'up', protocol: 'openai' },
        { name: 'hangs', protocol: 'openai', hangRate: 1 },
        { name: 'hangs-too', protocol: 'openai', hangRate: 1 },
        { name: 'limited', protocol: 'anthropic', errorRates: { '429': 1 } },
        { name: 'local', protocol: 'ollama' },
      ],
      { extraProvidersYaml: '  keyless:\n    type: anthropic\n    api_key: ${LLMX_TEST_UNSET_KEY}\n    models: [claude-haiku-4-5]' },
    );
    const rows = byName(await checkProviders({ config: world.config, state: world.store.state, ledger: world.store.ledger, timeoutMs: 2000 }));
    // Every check ran concurrently: two hanging checks in turn would end 2 s apart; at once, together.
    expect(Math.abs(rows.hangs.checkedAtMs - rows['hangs-too'].checkedAtMs)).toBeLessThan(1000);
    expect(rows['hangs-too']).toMatchObject({ status: 'down', error: 'no answer within 2000 ms' });
    expect(rows.up).toMatchObject({ status: 'healthy', type: 'openai', error: null, check: expect.stringContaining('models') });
    expect(rows.up.latencyMs).toBeGreaterThanOrEqual(0);
    expect(rows.local.status).toBe('healthy');
    expect(rows.hangs).toMatchObject({ status: 'down', error: 'no answer within 2000 ms' });
    expect(rows.limited.status).toBe('degraded');
    expect(rows.keyless).toMatchObject({ status: 'unconfigured', latencyMs: null });
    expect(rows.keyless.error).toMatch(/LLMX_TEST_UNSET_KEY/);
    expect(world.sim.stats('up').requests).toBe(1);
    expect((await loadHealth(world.store.state, 'hangs'))?.status).toBe('down');
  });

  it('opens the circuit after max_failures down checks, and closes it from half-open on a healthy check', async () => {
    world = await startWorld([{ name: 'flaky', protocol: 'openai', hangRate: 1 }], { extraYaml: 'failover:\n  max_failures: 2\n  recovery_timeout: 30' });
    let nowMs = Date.UTC(2026, 0, 10, 12, 0, 0);
    const options = { config: world.config, state: world.store.state, ledger: world.store.ledger, timeoutMs: 800, now: () => nowMs };
    const settings = circuitSettingsOf(world.config.providers.flaky.failover);
    expect((await checkProviders(options))[0].circuit.status).toBe('closed');
    const second = (await checkProviders(options))[0];
    expect(second.circuit).toMatchObject({ status: 'open', consecutiveFailures: 2, retryInMs: 30_000 });
    expect((await readCircuit(world.store.state, 'flaky', settings, nowMs)).status).toBe('open');

    // While open, a healthy check does not close it early: the model list answering is not the probe.
    world.sim.update('flaky', { hangRate: 0 });
    nowMs += 10_000;
    expect((await checkProviders(options))[0]).toMatchObject({
      status: 'healthy',
      circuit: { status: 'open', retryInMs: 20_000 },
      error: 'health check: no answer within 800 ms',
    });

    nowMs += 25_000; // past recovery_timeout: half-open
    expect((await readCircuit(world.store.state, 'flaky', settings, nowMs)).status).toBe('half-open');
    expect((await checkProviders(options))[0].circuit.status).toBe('closed');
  });

  it('--deep makes a one-token completion: slow answers are degraded, the latency feeds the EWMA, the ledger gets the row', async () => {
    world = await startWorld([
      { name: 'slow', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 600 },
      { name: 'quick', protocol: 'anthropic', models: ['claude-haiku-4-5'] },
    ]);
    const rows = byName(
      await checkProviders({ config: world.config, state: world.store.state, ledger: world.store.ledger, deep: true, degradedLatencyMs: 400, priceOf: createPriceLookup(world.config) }),
    );
    expect(rows.slow).toMatchObject({ status: 'degraded', check: 'chat gpt-4o-mini (1 token)' });
    expect(rows.slow.latencyMs).toBeGreaterThanOrEqual(600);
    expect(rows.quick.status).toBe('healthy');
    const stats = await world.store.state.get<LatencyStats>('latency:slow');
    expect(stats?.samples).toBe(1);
    expect(stats?.totalEwmaMs).toBeGreaterThanOrEqual(600);
    const summaries = byName((await world.store.ledger.summarizeByProvider({ command: 'health' })).map((summary) => ({ ...summary, name: summary.provider })));
    expect(summaries.slow.okRequests).toBe(1);
    expect(summaries.slow.outputTokens).toBeLessThanOrEqual(1);
    // A deep check is a request like any other: it shows in today's count.
    expect(rows.slow.requestsToday).toBe(1);
  });

  it("joins the ledger's last hour (p50, p95, error rate) and today's requests and cost", async () => {
    world = await startWorld([{ name: 'p', protocol: 'openai' }]);
    const nowMs = Date.UTC(2026, 0, 10, 12, 0, 0);
    const ledger = world.store.ledger;
    for (let index = 1; index <= 20; index++) await ledger.insert(attempt({ provider: 'p', startedAtMs: nowMs - 10 * 60_000, latencyMs: index * 10, costUsd: 0.01 }));
    for (let index = 0; index < 5; index++) await ledger.insert(attempt({ provider: 'p', startedAtMs: nowMs - 5 * 60_000, status: 'error', errorClass: 'server', latencyMs: 5, costUsd: null }));
    // Earlier today, outside the hour: counts for today only. Yesterday: counts for nothing.
    await ledger.insert(attempt({ provider: 'p', startedAtMs: nowMs - 3 * 3_600_000, latencyMs: 9999, costUsd: 0.5 }));
    await ledger.insert(attempt({ provider: 'p', startedAtMs: nowMs - 13 * 3_600_000, latencyMs: 9999, costUsd: 7 }));
    const [row] = await checkProviders({ config: world.config, state: world.store.state, ledger, now: () => nowMs, feedRouting: false });
    // 10, 20, ... 200 ms, interpolated as bench does: p50 = (100 + 110) / 2, p95 = 190 + 0.05 * 10 -> 190.5, rounded.
    expect(row.p50Ms).toBe(105);
    expect(row.p95Ms).toBe(191);
    expect(row.errorRate).toBeCloseTo(5 / 25, 10);
    expect(row.requestsToday).toBe(26);
    expect(row.costTodayUsd).toBeCloseTo(0.7, 10);
  });

  it('--provider limits the check, and an unknown name is a usage error naming it', async () => {
    world = await startWorld([
      { name: 'a', protocol: 'openai' },
      { name: 'b', protocol: 'openai' },
    ]);
    const options = { config: world.config, state: world.store.state, ledger: world.store.ledger };
    expect((await checkProviders({ ...options, providers: ['b'] })).map((row) => row.name)).toEqual(['b']);
    expect(world.sim.stats('a').requests).toBe(0);
    const failure = checkProviders({ ...options, providers: ['nope'] });
    await expect(failure).rejects.toBeInstanceOf(UsageError);
    await expect(failure).rejects.toThrow('--provider nope: no such provider (configured: a, b)');
  });
});
