import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/providers/index.js';
import { startSimulator, type RunningSimulator, type SimProviderSpec } from '../../src/sim/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ProviderConfig, ProviderType } from '../../src/spec/config.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { collectStream, providerErrorOf, streamFailure } from './stream-helpers.js';

const SIM_KEY = 'sim-key-abcdef';

/** One simulated provider per adapter type; `custom` speaks the OpenAI protocol under its own prefix. */
const cases: Array<{ type: ProviderType; spec: SimProviderSpec; model: string }> = [
  { type: 'openai', spec: { name: 'oai', protocol: 'openai', models: ['gpt-4o-mini'] }, model: 'gpt-4o-mini' },
  { type: 'custom', spec: { name: 'compat', protocol: 'openai', models: ['local-model'], omitUsage: true }, model: 'local-model' },
  { type: 'azure_openai', spec: { name: 'az', protocol: 'azure_openai', models: ['my-deployment'] }, model: 'my-deployment' },
  { type: 'anthropic', spec: { name: 'claude', protocol: 'anthropic', models: ['claude-test'] }, model: 'claude-test' },
  { type: 'ollama', spec: { name: 'llama', protocol: 'ollama', models: ['llama3.2'] }, model: 'llama3.2' },
];

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator(
    { providers: cases.map(({ spec }) => ({ ...spec, apiKey: spec.protocol === 'ollama' ? undefined : SIM_KEY, outputTokens: 6 })) },
    { port: 0 },
  );
});
afterAll(() => sim.close());

function configFor(type: ProviderType, simName: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  const { baseUrl } = sim.providers[simName];
  const location: Partial<ProviderConfig> = type === 'azure_openai' ? { endpoint: baseUrl, apiVersion: '2024-10-21' } : { baseUrl };
  return providerConfig(type, { name: simName, apiKey: SIM_KEY, ...location, ...overrides });
}

describe.each(cases)('$type adapter against the simulator', ({ type, spec, model }) => {
  let adapter: ProviderAdapter;
  const request = { model, system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Say hello.' }] };

  beforeAll(async () => {
    adapter = await createAdapter(configFor(type, spec.name));
  });
  beforeEach(() => {
    sim.update(spec.name, { script: [], ttftMs: 0 });
  });

  it('answers a non-streaming call with text, usage and the model', async () => {
    const before = sim.stats(spec.name).requests;
    const result = await adapter.chat(request);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.estimated).toBe(spec.omitUsage === true);
    // Azure answers with the model behind the deployment, not the deployment name.
    if (type === 'azure_openai') expect(result.model.length).toBeGreaterThan(0);
    else expect(result.model).toContain(model);
    expect(result.ttftMs).toBeNull();
    expect(sim.stats(spec.name).requests - before).toBe(1);
  });

  it('streams deltas that add up to the final text, with ttft', async () => {
    sim.update(spec.name, { ttftMs: 40 });
    const { deltas, result, doneCount } = await collectStream(adapter.stream(request));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(result.text);
    expect(doneCount).toBe(1);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.estimated).toBe(spec.omitUsage === true);
    expect(result.ttftMs!).toBeGreaterThanOrEqual(35);
    expect(result.ttftMs!).toBeLessThanOrEqual(result.latencyMs);
  });

  it('reports length when the cap cuts the answer', async () => {
    const result = await adapter.chat({ ...request, maxTokens: 2 });
    expect(result.finishReason).toBe('length');
    if (spec.omitUsage) expect(result.usage.estimated).toBe(true);
    else expect(result.usage.outputTokens).toBe(2);
  });

  it('pings', async () => {
    await expect(adapter.ping()).resolves.toMatchObject({ ok: true });
  });

  it('classifies a scripted 429 as rate_limit with retry-after, in one request', async () => {
    sim.update(spec.name, { script: [429], retryAfterMs: 1500 });
    const before = sim.stats(spec.name).requests;
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('rate_limit');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(1500);
    expect(sim.stats(spec.name).requests - before).toBe(1);
  });

  it('classifies a scripted 500 as server after exactly one request', async () => {
    sim.update(spec.name, { script: [500] });
    const before = sim.stats(spec.name).requests;
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('server');
    expect(sim.stats(spec.name).requests - before).toBe(1);
  });

  it('turns a hang into a timeout when the per-attempt signal fires', async () => {
    sim.update(spec.name, { script: ['hang'] });
    const error = await providerErrorOf(adapter.chat(request, { signal: AbortSignal.timeout(100) }));
    expect(error.errorClass).toBe('timeout');
  });

  it('turns a stream dropped mid-way into a network error', async () => {
    sim.update(spec.name, { script: ['drop'] });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(error.errorClass).toBe('network');
    // The simulator cuts the socket right after writing a few tokens; under load those bytes may
    // not leave first, so zero deltas is possible here (test/providers/abort-and-drop pins the >0 case).
    expect(deltas.every((delta) => delta.length > 0)).toBe(true);
  });

  if (spec.protocol !== 'ollama') {
    it('maps a wrong key to auth, naming the key source and not the key', async () => {
      const wrong = await createAdapter(configFor(type, spec.name, { apiKey: 'wrong-key-zzz999', apiKeySource: 'SIM_API_KEY' }));
      const error = await providerErrorOf(wrong.chat(request));
      expect(error.errorClass).toBe('auth');
      expect(error.status).toBe(401);
      expect(error.message).toContain('SIM_API_KEY');
      expect(error.message).not.toContain('wrong-key-zzz999');
    });
  }
});

describe('anthropic 529 from the simulator', () => {
  it('is overloaded', async () => {
    const adapter = await createAdapter(configFor('anthropic', 'claude'));
    sim.update('claude', { script: [529] });
    const error = await providerErrorOf(adapter.chat({ model: 'claude-test', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.errorClass).toBe('overloaded');
    expect(error.status).toBe(529);
  });
});
