import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLedgerRecorder, resetUnpricedWarnings } from '../../src/ledger/ledger-recorder.js';
import { createPriceLookup } from '../../src/pricing/index.js';
import { createAdapter } from '../../src/providers/index.js';
import { Router } from '../../src/routing/index.js';
import { startSimulator, type RunningSimulator, type SimProviderSpec } from '../../src/sim/index.js';
import type { AttemptRecord } from '../../src/spec/ledger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Every billed dimension, from the simulator's wire through the official SDKs, the adapters and the
// router into the ledger: the worked examples.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let store: Store;
let router: Router;
let recorder: ReturnType<typeof createLedgerRecorder>;
const warnings: string[] = [];

const providers: SimProviderSpec[] = [
  { name: 'claude', protocol: 'anthropic', models: ['claude-sonnet-4-5'], outputTokens: 100 },
  { name: 'gpt', protocol: 'openai', models: ['gpt-5'], outputTokens: 10 },
  { name: 'router', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 10 },
];

beforeAll(async () => {
  sim = await startSimulator({ providers });
  dir = tempDir('llmx-billed-');
  const config = await loadConfig({ configPath: writeSimProvidersYaml(dir.path, sim, [], Object.fromEntries(providers.map((spec) => [spec.name, ['timeout_ms: 60000']]))), env: {} });
  store = await openStore({ path: `${dir.path}/ledger.db` });
  const priceOf = createPriceLookup(config);
  router = new Router({ config, state: store.state, adapterFor: createAdapter, priceOf });
  recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'ask', strategy: null, ci: false, logPrompts: false, onWarning: (line) => warnings.push(line) });
  router.on(recorder.listener);
});

afterAll(async () => {
  store?.close();
  await sim?.close();
  dir?.remove();
});

beforeEach(() => {
  warnings.length = 0;
  resetUnpricedWarnings();
  for (const spec of providers) {
    sim.update(spec.name, { inputTokens: undefined, cacheReadTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, reasoningTokens: 0, serviceTier: undefined, usageCost: undefined, responseCostHeader: undefined });
  }
});

async function ask(provider: string, stream: boolean): Promise<AttemptRecord & Record<string, unknown>> {
  const result = await router.ask({ messages: [{ role: 'user', content: 'hello there' }], maxTokens: 200 }, { provider, stream });
  await recorder.flush();
  const [row] = await rowsOf(result.requestId);
  return row;
}

async function rowsOf(requestId: string): Promise<Array<AttemptRecord & Record<string, unknown>>> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(`${dir.path}/ledger.db`, { readonly: true });
  try {
    return db.prepare("SELECT * FROM attempts WHERE request_id = ? AND status = 'ok'").all(requestId) as Array<AttemptRecord & Record<string, unknown>>;
  } finally {
    db.close();
  }
}

describe.each([false, true])('stream %s', (stream) => {
  it('prices Anthropic 5-minute cache writes at 1.25x input: $0.01215', async () => {
    sim.update('claude', { inputTokens: 50, cacheReadTokens: 10_000, cacheWrite5mTokens: 2000 });
    const row = await ask('claude', stream);
    expect(row).toMatchObject({ input_tokens: 12_050, cached_input_tokens: 10_000, cache_write_5m_tokens: 2000, cache_write_1h_tokens: 0, output_tokens: 100, service_tier: 'standard', cost_source: 'computed' });
    expect(row.cost_usd).toBeCloseTo(0.01215, 10);
    expect(row.price_source).toMatch(/^bundled \d{4}-\d{2}-\d{2}$/);
  });

  it('prices Anthropic 1-hour cache writes at 2x input: $0.01665', async () => {
    sim.update('claude', { inputTokens: 50, cacheReadTokens: 10_000, cacheWrite1hTokens: 2000 });
    const row = await ask('claude', stream);
    expect(row).toMatchObject({ input_tokens: 12_050, cache_write_5m_tokens: 0, cache_write_1h_tokens: 2000 });
    expect(row.cost_usd).toBeCloseTo(0.01665, 10);
  });

  it('keeps OpenAI reasoning tokens inside output and records the answered service tier', async () => {
    sim.update('gpt', { reasoningTokens: 30, serviceTier: 'flex' });
    const row = await ask('gpt', stream);
    expect(row).toMatchObject({ output_tokens: 40, reasoning_tokens: 30, service_tier: 'flex' });
  });

  it('bills a 250k-token request on the long-context tier, all of it at $6 / $22.50', async () => {
    sim.update('claude', { inputTokens: 250_000 });
    const row = await ask('claude', stream);
    expect(row).toMatchObject({ input_tokens: 250_000, output_tokens: 100, input_price_per_mtok: 6, output_price_per_mtok: 22.5 });
    expect(row.cost_usd).toBeCloseTo((250_000 * 6 + 100 * 22.5) / 1e6, 10);
  });

  it('bills gpt-5 answered on flex at half and on priority at double the standard price', async () => {
    const costs: Record<string, number> = {};
    for (const tier of ['default', 'flex', 'priority']) {
      sim.update('gpt', { inputTokens: 1000, serviceTier: tier });
      const row = await ask('gpt', stream);
      expect(row.service_tier).toBe(tier);
      costs[tier] = row.cost_usd as number;
    }
    expect(costs.default).toBeCloseTo((1000 * 1.25 + 10 * 10) / 1e6, 12);
    expect(costs.flex).toBeCloseTo(costs.default / 2, 12);
    expect(costs.priority).toBeCloseTo(costs.default * 2, 12);
  });

  it("takes OpenRouter's usage.cost as the row's cost (billed)", async () => {
    sim.update('router', { usageCost: 0.000321 });
    const row = await ask('router', stream);
    expect(row).toMatchObject({ cost_usd: 0.000321, billed_cost_usd: 0.000321, cost_source: 'billed' });
    // What llmx's own prices would have said is kept beside it.
    expect(row.input_price_per_mtok).toBe(0.15);
  });

  it("takes a LiteLLM proxy's x-litellm-response-cost header as the row's cost", async () => {
    sim.update('claude', { responseCostHeader: 0.0042 });
    const row = await ask('claude', stream);
    expect(row).toMatchObject({ cost_usd: 0.0042, billed_cost_usd: 0.0042, cost_source: 'billed' });
  });

  it('clamps implausible counts (cached > input) with one warning, never storing them as sent', async () => {
    sim.update('gpt', { inputTokens: 10, cacheReadTokens: 50 });
    const first = await ask('gpt', stream);
    const second = await ask('gpt', stream);
    for (const row of [first, second]) expect(row).toMatchObject({ input_tokens: 10, cached_input_tokens: 10 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^gpt\/gpt-5 reported implausible usage, recorded clamped: cache reads and writes \(50\) exceed the input \(10\)/);
  });
});

it('costs reports cache-write tokens in rows and totals', async () => {
  const { buildCostsReport } = await import('../../src/ledger/costs-report.js');
  const now = Date.now();
  const report = await buildCostsReport({
    ledger: store.ledger,
    config: { budgets: { providers: {} } },
    period: { sinceMs: 0, untilMs: now + 3_600_000, label: 'all', timeZone: 'UTC', isCurrentMonth: false },
    by: ['provider'],
    now,
  });
  const claude = report.rows.find((row) => row.provider === 'claude')!;
  expect(claude.cache_write_tokens).toBeGreaterThanOrEqual(8000);
  expect(claude.cache_write_1h_tokens).toBeGreaterThanOrEqual(4000);
  expect(report.totals.cache_write_tokens).toBe(report.rows.reduce((sum, row) => sum + row.cache_write_tokens, 0));
});
