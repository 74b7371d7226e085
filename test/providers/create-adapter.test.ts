import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProviderType } from '../../src/spec/config.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';

// Observe (not replace) which SDKs get evaluated: each factory records the load, then hands back the
// real module. Vitest evaluates a factory once per file (resetModules keeps the mock registry), so
// `loaded` is what this test caused and `everLoaded` what any test in the file did.
const { loaded, everLoaded, record } = vi.hoisted(() => {
  const everLoaded = new Set<string>();
  const loaded: string[] = [];
  const record = (name: string) => {
    everLoaded.add(name);
    loaded.push(name);
  };
  return { loaded, everLoaded, record };
});
vi.mock('openai', async (importOriginal) => {
  record('openai');
  return importOriginal();
});
vi.mock('@anthropic-ai/sdk', async (importOriginal) => {
  record('@anthropic-ai/sdk');
  return importOriginal();
});
vi.mock('ollama', async (importOriginal) => {
  record('ollama');
  return importOriginal();
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...original,
    readFile: (async (path: Parameters<typeof original.readFile>[0], ...rest: unknown[]) => {
      if (String(path).endsWith('o200k_base.tiktoken')) record('tokenizer vocabulary');
      return (original.readFile as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof original.readFile,
  };
});

beforeEach(() => {
  loaded.length = 0;
  vi.resetModules();
});

describe('createAdapter loads only the SDK it needs', () => {
  it('importing the providers entry loads no SDK and no tokenizer', async () => {
    await import('../../src/providers/index.js');
    expect(loaded).toEqual([]);
  });

  // A record over ProviderType, so that a new type without its SDK here does not compile.
  const SDK_OF_TYPE: Record<ProviderType, string> = {
    openai: 'openai',
    custom: 'openai',
    azure_openai: 'openai',
    anthropic: '@anthropic-ai/sdk',
    ollama: 'ollama',
  };
  it.each(Object.entries(SDK_OF_TYPE) as Array<[ProviderType, string]>)('%s loads only %s', async (type, sdk) => {
    const { createAdapter } = await import('../../src/providers/index.js');
    const adapter = await createAdapter(
      providerConfig(type, { baseUrl: 'http://127.0.0.1:9', endpoint: type === 'azure_openai' ? 'http://127.0.0.1:9' : undefined, apiVersion: '2024-10-21' }),
    );
    expect(adapter.type).toBe(type);
    expect(loaded.filter((name) => name !== sdk)).toEqual([]);
    expect(everLoaded.has(sdk)).toBe(true);
  });

  it('loads the tokenizer only when asked to estimate', async () => {
    const { estimateTokens } = await import('../../src/providers/index.js');
    expect(loaded).toEqual([]);
    expect(await estimateTokens('')).toBe(0);
    expect(loaded).toEqual([]);
    expect(await estimateTokens('Hello there, friend.')).toBe(5);
    expect(loaded).toEqual(['tokenizer vocabulary']);
    expect(await estimateTokens('and again')).toBe(2);
    expect(loaded).toEqual(['tokenizer vocabulary']);
  });
});

describe('createAdapter caching', () => {
  it('returns the same adapter for the same config object, a new one for a new object', async () => {
    const { createAdapter } = await import('../../src/providers/index.js');
    const config = providerConfig('ollama', { baseUrl: 'http://127.0.0.1:9' });
    const first = await createAdapter(config);
    expect(await createAdapter(config)).toBe(first);
    expect(await createAdapter({ ...config })).not.toBe(first);
  });

  it('does not remember a failed build', async () => {
    const { createAdapter } = await import('../../src/providers/index.js');
    const config = providerConfig('custom', { name: 'later' });
    await expect(createAdapter(config)).rejects.toMatchObject({ name: 'ConfigError' });
    config.baseUrl = 'http://127.0.0.1:9/v1';
    await expect(createAdapter(config)).resolves.toMatchObject({ type: 'custom' });
  });
});

describe('createAdapter with incomplete configuration', () => {
  it.each<ProviderType>(['openai', 'azure_openai', 'anthropic'])('%s without a key: calls fail as unavailable, naming what to set', async (type) => {
    const { createAdapter } = await import('../../src/providers/index.js');
    const adapter = await createAdapter(
      providerConfig(type, { name: 'p', apiKey: undefined, apiKeySource: 'P_API_KEY', endpoint: 'http://127.0.0.1:9', apiVersion: '2024-10-21' }),
    );
    await expect(adapter.chat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      name: 'ProviderCallError',
      errorClass: 'unavailable',
      message: 'p: no API key configured; set P_API_KEY',
    });
    await expect(adapter.ping()).rejects.toMatchObject({ errorClass: 'unavailable' });
    const streamed = adapter.stream({ model: 'm', messages: [] })[Symbol.asyncIterator]();
    await expect(streamed.next()).rejects.toMatchObject({ errorClass: 'unavailable' });
  });

  it('prefers the config loader\'s unavailableReason when there is one', async () => {
    const { createAdapter } = await import('../../src/providers/index.js');
    const adapter = await createAdapter(providerConfig('openai', { name: 'openai', apiKey: undefined, unavailableReason: '${OPENAI_API_KEY} is not set' }));
    await expect(adapter.ping()).rejects.toThrow('openai: ${OPENAI_API_KEY} is not set');
  });

  it('custom without base_url is a ConfigError', async () => {
    const { createAdapter } = await import('../../src/providers/index.js');
    await expect(createAdapter(providerConfig('custom', { name: 'mine' }))).rejects.toMatchObject({
      name: 'ConfigError',
      exitCode: 3,
      message: 'providers.mine.base_url is required for type custom',
    });
  });
});
