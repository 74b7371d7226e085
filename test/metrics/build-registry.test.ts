import { afterEach, describe, expect, it } from 'vitest';
import { saveHealth } from '../../src/health/health-state.js';
import { buildMetricsRegistry, renderMetrics } from '../../src/metrics/index.js';
import { recordCircuitFailure, circuitSettingsOf } from '../../src/resilience/circuit-breaker.js';
import { attempt, startWorld, type World } from '../health/world.js';
import { hasPromtool, promtoolCheckMetrics } from './promtool.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The value of one sample line, found by its exact name and label set. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const NOW_MS = Date.UTC(2026, 0, 10, 12, 0, 0);

async function seededWorld(): Promise<World> {
  const created = await startWorld(
    [
      { name: 'alpha', protocol: 'openai' },
      { name: 'beta', protocol: 'anthropic' },
      { name: 'gamma', protocol: 'ollama' },
    ],
    { extraYaml: 'failover:\n  max_failures: 1\n  recovery_timeout: 60\nbudgets:\n  daily_budget: 2\n  monthly_budget: 50\n  providers:\n    alpha:\n      daily_budget: 0.5' },
  );
  const ledger = created.store.ledger;
  await ledger.insert(attempt({ provider: 'alpha', startedAtMs: NOW_MS - 1000, latencyMs: 80, inputTokens: 100, outputTokens: 20, costUsd: 0.25 }));
  await ledger.insert(attempt({ provider: 'alpha', startedAtMs: NOW_MS - 2000, latencyMs: 700, inputTokens: 50, outputTokens: 10, costUsd: 0.125 }));
  await ledger.insert(attempt({ provider: 'alpha', startedAtMs: NOW_MS - 3000, status: 'error', errorClass: 'server', latencyMs: 30, inputTokens: 0, outputTokens: 0, costUsd: null }));
  await ledger.insert(attempt({ provider: 'beta', startedAtMs: NOW_MS - 40 * 86_400_000, latencyMs: 3000, inputTokens: 7, outputTokens: 3, costUsd: 1 }));
  // A provider since removed from providers.yaml: its counters must stay.
  await ledger.insert(attempt({ provider: 'retired', startedAtMs: NOW_MS - 5000, latencyMs: 40, costUsd: 0.5 }));
  return created;
}

describe('buildMetricsRegistry', () => {
  it('exports the ledger totals, the histogram, circuit and up state, and budgets under the fixed names', async () => {
    world = await seededWorld();
    await recordCircuitFailure(world.store.state, 'beta', circuitSettingsOf(world.config.providers.beta.failover), NOW_MS - 1000, 'server', 'boom');
    await saveHealth(world.store.state, 'gamma', { status: 'down', checkedAtMs: NOW_MS, latencyMs: null, error: 'timeout' });
    const { text, contentType } = await renderMetrics({ config: world.config, state: world.store.state, ledger: world.store.ledger, now: () => NOW_MS });
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);

    expect(text).toContain('# TYPE provider_requests_total counter');
    expect(sample(text, 'provider_requests_total{provider="alpha",status="ok"}')).toBe(2);
    expect(sample(text, 'provider_requests_total{provider="alpha",status="error"}')).toBe(1);
    expect(sample(text, 'provider_requests_total{provider="gamma",status="ok"}')).toBe(0);
    expect(sample(text, 'provider_requests_total{provider="retired",status="ok"}')).toBe(1);
    expect(sample(text, 'provider_cost_total{provider="alpha"}')).toBeCloseTo(0.375, 10);
    expect(sample(text, 'provider_tokens_total{provider="alpha",direction="input"}')).toBe(150);
    expect(sample(text, 'provider_tokens_total{provider="alpha",direction="output"}')).toBe(30);

    expect(text).toContain('# TYPE provider_response_time_seconds histogram');
    expect(sample(text, 'provider_response_time_seconds_bucket{provider="alpha",le="0.1"}')).toBe(1);
    expect(sample(text, 'provider_response_time_seconds_bucket{provider="alpha",le="0.5"}')).toBe(1);
    expect(sample(text, 'provider_response_time_seconds_bucket{provider="alpha",le="1"}')).toBe(2);
    expect(sample(text, 'provider_response_time_seconds_bucket{provider="alpha",le="+Inf"}')).toBe(2);
    expect(sample(text, 'provider_response_time_seconds_count{provider="alpha"}')).toBe(2);
    expect(sample(text, 'provider_response_time_seconds_sum{provider="alpha"}')).toBeCloseTo(0.78, 10);

    expect(sample(text, 'provider_up{provider="alpha"}')).toBe(1);
    expect(sample(text, 'provider_up{provider="beta"}')).toBe(0); // circuit open
    expect(sample(text, 'provider_up{provider="gamma"}')).toBe(0); // last health check down
    expect(sample(text, 'provider_circuit_state{provider="alpha"}')).toBe(0);
    expect(sample(text, 'provider_circuit_state{provider="beta"}')).toBe(2);

    expect(sample(text, 'llmx_budget_spent_usd{period="daily",scope="global"}')).toBeCloseTo(0.875, 10);
    expect(sample(text, 'llmx_budget_limit_usd{period="daily",scope="global"}')).toBe(2);
    expect(sample(text, 'llmx_budget_limit_usd{period="monthly",scope="global"}')).toBe(50);
    expect(sample(text, 'llmx_budget_spent_usd{period="daily",scope="alpha"}')).toBeCloseTo(0.375, 10);
    expect(sample(text, 'llmx_budget_limit_usd{period="daily",scope="alpha"}')).toBe(0.5);
    expect(sample(text, 'llmx_budget_limit_usd{period="monthly",scope="alpha"}')).toBeUndefined();
  });

  it('half-open circuits export 1, and the circuit state follows the clock', async () => {
    world = await seededWorld();
    await recordCircuitFailure(world.store.state, 'beta', circuitSettingsOf(world.config.providers.beta.failover), NOW_MS - 61_000, 'server');
    const registry = await buildMetricsRegistry({ config: world.config, state: world.store.state, ledger: world.store.ledger, now: () => NOW_MS });
    const text = await registry.metrics();
    expect(sample(text, 'provider_circuit_state{provider="beta"}')).toBe(1);
    expect(sample(text, 'provider_up{provider="beta"}')).toBe(1);
  });

  it('counters never go backwards between scrapes as the ledger grows', async () => {
    world = await seededWorld();
    const sources = { config: world.config, state: world.store.state, ledger: world.store.ledger, now: () => NOW_MS };
    const first = (await renderMetrics(sources)).text;
    await world.store.ledger.insert(attempt({ provider: 'alpha', startedAtMs: NOW_MS, latencyMs: 10, costUsd: 0.001 }));
    const second = (await renderMetrics(sources)).text;
    expect(sample(second, 'provider_requests_total{provider="alpha",status="ok"}')).toBe(sample(first, 'provider_requests_total{provider="alpha",status="ok"}')! + 1);
    expect(sample(second, 'provider_cost_total{provider="alpha"}')!).toBeGreaterThan(sample(first, 'provider_cost_total{provider="alpha"}')!);
  });

  it.skipIf(!hasPromtool)('passes promtool check metrics', async () => {
    world = await seededWorld();
    const { text } = await renderMetrics({ config: world.config, state: world.store.state, ledger: world.store.ledger, now: () => NOW_MS });
    const result = promtoolCheckMetrics(text);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});
