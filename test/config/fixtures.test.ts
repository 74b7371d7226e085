import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createAdapter } from '../../src/providers/index.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { expectConfigErrorAsync } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));

describe('fixtures/config: the broken configs fail with one located line', () => {
  const cases: Array<[string, string]> = [
    ['broken-sixty.yaml', 'broken-sixty.yaml:12:28: providers.openai.rate_limit.requests_per_minute: expected a positive integer, got "sixty"'],
    ['broken-unknown-fallback.yaml', 'broken-unknown-fallback.yaml:11:9: strategies.default.fallback_providers[0]: unknown provider "antropic" (did you mean "anthropic"?); defined: openai, anthropic'],
    [
      'broken-strategy-type.yaml',
      'broken-strategy-type.yaml:6:11: strategies.spread.type: unknown strategy type "round-robin" (did you mean "round_robin"?); expected one of priority, round_robin, weighted_round_robin, least_cost, performance_based, least_connections, token_balance',
    ],
    ['broken-weight.yaml', 'broken-weight.yaml:10:18: strategies.weighted.providers.anthropic: expected a positive number, got 0'],
    [
      'broken-unknown-key.yaml',
      'broken-unknown-key.yaml:4:5: providers.openai.apikey: unknown key (did you mean "api_key"?); expected one of type, api_key, base_url, endpoint, api_version, models, rate_limit, retry, timeout_ms, local, failover, stream_usage',
    ],
  ];
  for (const [file, message] of cases) {
    it(file, () => expectConfigErrorAsync(() => loadConfig({ cwd: FIXTURES, configPath: file, env: { HOME: FIXTURES } }), message));
  }
});

describe('fixtures/config/demo.yaml against the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      providers: [
        { name: 'openai', protocol: 'openai' },
        { name: 'anthropic', protocol: 'anthropic' },
        { name: 'ollama', protocol: 'ollama' },
        { name: 'azure', protocol: 'azure_openai' },
        { name: 'custom', protocol: 'openai' },
      ],
    });
  });
  afterAll(() => sim.close());

  it('loads every strategy form and every provider answers through its real SDK', async () => {
    const env = {
      HOME: FIXTURES,
      SIM_OPENAI_URL: sim.providers.openai.baseUrl,
      SIM_ANTHROPIC_URL: sim.providers.anthropic.baseUrl,
      SIM_OLLAMA_URL: sim.providers.ollama.baseUrl,
      SIM_AZURE_ENDPOINT: sim.providers.azure.baseUrl,
      SIM_CUSTOM_URL: sim.providers.custom.baseUrl,
    };
    const config = await loadConfig({ cwd: FIXTURES, configPath: 'demo.yaml', env });
    expect(config.warnings).toEqual([]);
    expect(Object.fromEntries(Object.values(config.strategies).map((strategy) => [strategy.name, strategy.type]))).toEqual({
      default: 'priority',
      rotate: 'round_robin',
      weighted: 'weighted_round_robin',
      cheapest: 'least_cost',
      fastest: 'performance_based',
      least_busy: 'least_connections',
      token_share: 'token_balance',
    });
    expect(config.strategies.rotate.targets[2]).toEqual({ provider: 'ollama', model: 'llama3.2:latest' });
    for (const provider of Object.values(config.providers)) {
      expect(provider.unavailableReason).toBeUndefined();
      const adapter = await createAdapter(provider);
      const result = await adapter.chat({ model: provider.models[0], messages: [{ role: 'user', content: 'hello' }], maxTokens: 8 });
      expect(result.text.length, `${provider.name} answered`).toBeGreaterThan(0);
    }
    expect(sim.stats('azure').requests).toBe(1);
    expect(sim.stats('custom').requests).toBe(1);
  });
});
