import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  FailoverConfig,
  LeastCostStrategy,
  LoadBalancer,
  PerformanceBasedStrategy,
  ProviderManager,
  RoundRobinStrategy,
  TokenLoadBalancer,
  WeightedRoundRobinStrategy,
} from '../../src/routing/index.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { ConfigError, type RouterEvent } from '../../src/spec/index.js';
import { openStore } from '../../src/store/index.js';
import { useTempDirs } from '../helpers/temp-dir.js';

// The library on the real SDK adapters against the simulator on loopback.
const tempDir = useTempDirs('llmx-library-');
let sim: RunningSimulator;
let yaml: string;

beforeAll(async () => {
  sim = await startSimulator(
    {
      providers: [
        { name: 'openai', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 4 },
        { name: 'anthropic', protocol: 'anthropic', models: ['claude-3-5-haiku-latest'], outputTokens: 4 },
        { name: 'ollama', protocol: 'ollama', models: ['llama3.2'], outputTokens: 4 },
      ],
    },
    { port: 0 },
  );
  yaml = [
    'providers:',
    `  openai: {type: openai, api_key: sk-sim, base_url: "${sim.providers.openai.baseUrl}", models: [gpt-4o-mini], retry: {max_attempts: 1}}`,
    `  anthropic: {type: anthropic, api_key: sk-sim, base_url: "${sim.providers.anthropic.baseUrl}", models: [claude-3-5-haiku-latest], retry: {max_attempts: 1}}`,
    `  ollama: {type: ollama, base_url: "${sim.providers.ollama.baseUrl}", models: [llama3.2], retry: {max_attempts: 1}}`,
  ].join('\n');
});
afterAll(() => sim.close());
beforeEach(() => {
  for (const name of ['openai', 'anthropic', 'ollama']) sim.update(name, { script: [], errorRates: {} });
});

describe('library API', () => {
  it('ProviderManager + RoundRobinStrategy rotates across the three providers', async () => {
    const manager = new ProviderManager({ configText: yaml });
    manager.setStrategy(new RoundRobinStrategy({ providers: ['openai', 'anthropic', 'ollama'] }));
    const providers = [];
    for (let i = 0; i < 6; i++) {
      const response = await manager.complete({ prompt: 'Explain quantum computing', maxTokens: 100 });
      expect(response.text.length).toBeGreaterThan(0);
      providers.push(response.provider);
    }
    expect(providers).toEqual(['openai', 'anthropic', 'ollama', 'openai', 'anthropic', 'ollama']);
  });

  it('WeightedRoundRobinStrategy follows the weights', async () => {
    const manager = new ProviderManager({ configText: yaml });
    manager.setStrategy(new WeightedRoundRobinStrategy({ providers: { openai: 0.5, anthropic: 0.3, ollama: 0.2 } }));
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10; i++) {
      const { provider } = await manager.complete({ prompt: 'hi', maxTokens: 8 });
      counts[provider] = (counts[provider] ?? 0) + 1;
    }
    expect(counts).toEqual({ openai: 5, anthropic: 3, ollama: 2 });
    expect(() => new WeightedRoundRobinStrategy({ providers: { openai: -1 } })).toThrow('weight of openai must be a positive number');
  });

  it('FailoverConfig: the primary fails, the fallback answers, and the circuit opens after max_failures', async () => {
    const manager = new ProviderManager({ configText: yaml });
    manager.configureFailover(new FailoverConfig({ primaryProvider: 'openai', fallbackProviders: ['anthropic', 'ollama'], maxFailures: 2, recoveryTimeout: 300 }));
    const events: RouterEvent[] = [];
    manager.on((event) => events.push(event));
    sim.update('openai', { errorRates: { '500': 1 } });
    const before = sim.stats('openai').requests;
    for (let i = 0; i < 3; i++) expect((await manager.complete({ prompt: 'hi', maxTokens: 8 })).provider).toBe('anthropic');
    // Two failures opened the circuit: the third request never reached openai.
    expect(sim.stats('openai').requests - before).toBe(2);
    expect(events.some((event) => event.type === 'skip' && event.target.provider === 'openai' && event.reason.startsWith('circuit open'))).toBe(true);
    const explained = await manager.explain();
    expect(explained.targets[0]).toMatchObject({ provider: 'openai', circuit: 'open' });
  });

  it('LeastCostStrategy ranks the local provider first; PerformanceBasedStrategy measures then prefers the fastest', async () => {
    const cheap = new ProviderManager({ configText: yaml }).setStrategy(new LeastCostStrategy());
    expect((await cheap.complete({ prompt: 'hi', maxTokens: 8 })).provider).toBe('ollama');
    // A wide gap, so a slow first call (JIT, GC) on the fast provider cannot reorder them.
    sim.update('anthropic', { ttftMs: 250 });
    sim.update('ollama', { ttftMs: 250 });
    try {
      const fast = new ProviderManager({ configText: yaml }).setStrategy(new PerformanceBasedStrategy({ explorationRate: 0 }));
      const picks = [];
      for (let i = 0; i < 5; i++) picks.push((await fast.complete({ prompt: 'hi', maxTokens: 8 })).provider);
      expect(picks.slice(0, 3).sort()).toEqual(['anthropic', 'ollama', 'openai']);
      expect(picks.slice(3)).toEqual(['openai', 'openai']);
    } finally {
      sim.update('anthropic', { ttftMs: 0 });
      sim.update('ollama', { ttftMs: 0 });
    }
  });

  it('LoadBalancer leaves out providers whose last health check was down', async () => {
    const healthChecker = { lastResults: () => [{ name: 'openai', status: 'down' }, { name: 'anthropic', status: 'healthy' }] };
    const balancer = new LoadBalancer({ configText: yaml, providers: ['openai', 'anthropic'], algorithm: 'least_connections', healthChecker });
    const response = await balancer.complete({ prompt: 'Explain quantum computing', maxTokens: 100 });
    expect(response.provider).toBe('anthropic');
    const rr = new LoadBalancer({ configText: yaml, providers: ['openai', 'anthropic'], algorithm: 'round_robin' });
    expect([(await rr.complete({ prompt: 'a' })).provider, (await rr.complete({ prompt: 'b' })).provider]).toEqual(['openai', 'anthropic']);
  });

  it('TokenLoadBalancer starts from current_usage and balances remaining allowance', async () => {
    const balancer = new TokenLoadBalancer({
      configText: yaml,
      providers: { openai: { max_tokens: 100_000, current_usage: 90_000 }, anthropic: { max_tokens: 80_000, current_usage: 0 }, ollama: { max_tokens: 50_000, current_usage: 10_000 } },
      windowS: 3600,
    });
    expect((await balancer.complete({ prompt: 'hi', maxTokens: 8 })).provider).toBe('anthropic');
    const explained = await balancer.explain();
    expect(explained.decision!.targets.map((target) => target.provider)).toEqual(['anthropic', 'ollama', 'openai']);
  });

  it('with dbPath, state is shared through SQLite and every attempt lands in the ledger as command library', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'llmx.db');
    const first = new ProviderManager({ configText: yaml, dbPath }).setStrategy(new RoundRobinStrategy({ providers: ['openai', 'anthropic'], name: 'shared' }));
    const second = new ProviderManager({ configText: yaml, dbPath }).setStrategy(new RoundRobinStrategy({ providers: ['openai', 'anthropic'], name: 'shared' }));
    const picks = [(await first.complete({ prompt: 'a' })).provider, (await second.complete({ prompt: 'b' })).provider, (await first.complete({ prompt: 'c' })).provider];
    await first.close();
    await second.close();
    expect(picks).toEqual(['openai', 'anthropic', 'openai']);
    const store = await openStore({ path: dbPath });
    try {
      const summary = await store.ledger.summarizeByProvider({ command: 'library' });
      expect(Object.fromEntries(summary.map((row) => [row.provider, row.okRequests]))).toEqual({ openai: 2, anthropic: 1 });
    } finally {
      store.close();
    }
  });

  it('an unknown provider in a library strategy is a config error', async () => {
    const manager = new ProviderManager({ configText: yaml }).setStrategy(new RoundRobinStrategy({ providers: ['openai', 'mistral'] }));
    await expect(manager.complete({ prompt: 'hi' })).rejects.toThrow(ConfigError);
  });
});
