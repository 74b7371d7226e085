import { describe, expect, it, vi } from 'vitest';

// Observe (not replace) which SDKs get evaluated, as test/providers/create-adapter.test.ts does.
const { loaded } = vi.hoisted(() => ({ loaded: [] as string[] }));
vi.mock('openai', async (importOriginal) => {
  loaded.push('openai');
  return importOriginal();
});
vi.mock('@anthropic-ai/sdk', async (importOriginal) => {
  loaded.push('@anthropic-ai/sdk');
  return importOriginal();
});
vi.mock('ollama', async (importOriginal) => {
  loaded.push('ollama');
  return importOriginal();
});
vi.mock('gpt-tokenizer', async (importOriginal) => {
  loaded.push('gpt-tokenizer');
  return importOriginal();
});

describe('descriptors load no SDK', () => {
  it('the descriptors, config (YAML and environment-only), pricing and the factory table load none', async () => {
    const { PROVIDER_TYPE_DESCRIPTORS } = await import('../../src/provider-types/index.js');
    const { configFromEnvironment, parseConfigText } = await import('../../src/config/index.js');
    const { createPriceLookup } = await import('../../src/pricing/index.js');
    await import('../../src/providers/adapter-factories.js');
    expect(Object.keys(PROVIDER_TYPE_DESCRIPTORS).length).toBeGreaterThan(0);
    const config = configFromEnvironment({ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', OLLAMA_BASE_URL: 'http://h:1', AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'https://r/', CUSTOM_PROVIDER_BASE_URL: 'http://h/v1', CUSTOM_PROVIDER_MODEL: 'm' });
    expect(Object.keys(config.providers)).toHaveLength(5);
    parseConfigText('providers:\n  openai: {api_key: k}\n', 'providers.yaml', {});
    expect(createPriceLookup(config)('openai', 'gpt-4o-mini')).not.toBeNull();
    expect(loaded).toEqual([]);
  });
});
