import { describe, expect, it } from 'vitest';
import { configFromEnvironment } from '../../src/config/index.js';
import { ConfigError } from '../../src/spec/errors.js';

const SEED_ENV = {
  PRIMARY_PROVIDER: 'openai',
  OPENAI_API_KEY: 'sk-openai-00000000000000000000aaaa',
  OPENAI_BASE_URL: 'https://api.openai.com/v1',
  SECONDARY_PROVIDER: 'anthropic',
  ANTHROPIC_API_KEY: 'sk-ant-0000000000000000000000bbbb',
  LOCAL_PROVIDER: 'ollama',
  OLLAMA_BASE_URL: 'http://localhost:11434',
  AZURE_OPENAI_API_KEY: 'azure-000000000000000000000cccc',
  AZURE_OPENAI_ENDPOINT: 'https://your-resource.openai.azure.com/',
  AZURE_OPENAI_API_VERSION: '2023-12-01-preview',
  CUSTOM_PROVIDER_NAME: 'myprovider',
  CUSTOM_PROVIDER_API_KEY: 'custom-0000000000000000000dddd',
  CUSTOM_PROVIDER_BASE_URL: 'https://api.custom-provider.com/v1',
  CUSTOM_PROVIDER_MODEL: 'my-model',
};

describe('configuration from the environment alone', () => {
  it("the seed's variables yield one provider per service and default = primary, secondary, local", () => {
    const config = configFromEnvironment(SEED_ENV);
    expect(config.source).toBe('environment');
    expect(Object.keys(config.providers)).toEqual(['openai', 'anthropic', 'azure_openai', 'myprovider', 'ollama']);
    expect(config.providers.openai).toMatchObject({ type: 'openai', apiKey: SEED_ENV.OPENAI_API_KEY, apiKeySource: 'OPENAI_API_KEY', baseUrl: SEED_ENV.OPENAI_BASE_URL, models: ['gpt-4o-mini'], local: false });
    expect(config.providers.anthropic).toMatchObject({ type: 'anthropic', apiKeySource: 'ANTHROPIC_API_KEY', models: ['claude-haiku-4-5'] });
    expect(config.providers.azure_openai).toMatchObject({ type: 'azure_openai', endpoint: SEED_ENV.AZURE_OPENAI_ENDPOINT, apiVersion: '2023-12-01-preview', apiKeySource: 'AZURE_OPENAI_API_KEY' });
    expect(config.providers.myprovider).toMatchObject({ type: 'custom', baseUrl: SEED_ENV.CUSTOM_PROVIDER_BASE_URL, apiKeySource: 'CUSTOM_PROVIDER_API_KEY', models: ['my-model'] });
    expect(config.providers.ollama).toMatchObject({ type: 'ollama', baseUrl: 'http://localhost:11434', models: ['llama3.2'], local: true });
    expect(config.strategies.default).toMatchObject({ type: 'priority', targets: [{ provider: 'openai' }, { provider: 'anthropic' }, { provider: 'ollama' }] });
    expect(config.defaultStrategy).toBe('default');
    expect(config.warnings).toEqual([]);
    for (const provider of Object.values(config.providers)) expect(provider.unavailableReason).toBeUndefined();
  });

  it('roles may name the custom provider, in any order; duplicates collapse', () => {
    const config = configFromEnvironment({ ...SEED_ENV, PRIMARY_PROVIDER: 'myprovider', SECONDARY_PROVIDER: 'ollama', LOCAL_PROVIDER: 'ollama' });
    expect(config.strategies.default.targets).toEqual([{ provider: 'myprovider' }, { provider: 'ollama' }]);
  });

  it('without roles the default strategy is every configured provider, local last', () => {
    const config = configFromEnvironment({ OLLAMA_BASE_URL: 'http://127.0.0.1:11434', ANTHROPIC_API_KEY: 'k-000000000000000000000' });
    expect(config.strategies.default.targets).toEqual([{ provider: 'anthropic' }, { provider: 'ollama' }]);
  });

  it('LOCAL_PROVIDER=ollama alone configures ollama at its default URL', () => {
    const config = configFromEnvironment({ LOCAL_PROVIDER: 'ollama' });
    expect(Object.keys(config.providers)).toEqual(['ollama']);
    expect(config.providers.ollama.baseUrl).toBe('http://localhost:11434');
  });

  it('reads *_MODELS (comma-separated) and *_MODEL', () => {
    const config = configFromEnvironment({ OPENAI_API_KEY: 'k', OPENAI_MODELS: 'gpt-4o, gpt-4o-mini,,gpt-4o', OLLAMA_BASE_URL: 'http://h:1', OLLAMA_MODEL: 'qwen2.5' });
    expect(config.providers.openai.models).toEqual(['gpt-4o', 'gpt-4o-mini']);
    expect(config.providers.ollama.models).toEqual(['qwen2.5']);
  });

  it('a role naming a service without its key keeps the provider, unavailable, with a warning', () => {
    const config = configFromEnvironment({ PRIMARY_PROVIDER: 'anthropic', OLLAMA_BASE_URL: 'http://h:1' });
    expect(config.providers.anthropic.unavailableReason).toBe('${ANTHROPIC_API_KEY} is not set');
    expect(config.warnings).toEqual(['environment: provider "anthropic" is unavailable: ${ANTHROPIC_API_KEY} is not set']);
    expect(config.strategies.default.targets).toEqual([{ provider: 'anthropic' }]);
  });

  it('a custom provider without a model or URL is unavailable, not an error', () => {
    const config = configFromEnvironment({ CUSTOM_PROVIDER_NAME: 'box', PRIMARY_PROVIDER: 'box' });
    expect(config.providers.box.unavailableReason).toBe('${CUSTOM_PROVIDER_BASE_URL}, ${CUSTOM_PROVIDER_MODEL} are not set');
  });

  it('an unknown provider name in a role is a ConfigError naming the variable', () => {
    expect(() => configFromEnvironment({ PRIMARY_PROVIDER: 'opena1', OPENAI_API_KEY: 'k' })).toThrow(
      new ConfigError('PRIMARY_PROVIDER: unknown provider "opena1" (did you mean "openai"?); expected one of openai, anthropic, ollama, azure_openai, custom'),
    );
    expect(() => configFromEnvironment({ SECONDARY_PROVIDER: 'gemini', CUSTOM_PROVIDER_NAME: 'box' })).toThrow(
      'SECONDARY_PROVIDER: unknown provider "gemini"; expected one of openai, anthropic, ollama, azure_openai, box',
    );
    expect(() => configFromEnvironment({ LOCAL_PROVIDER: 'lmstudio' })).toThrow(expect.objectContaining({ exitCode: 3, name: 'ConfigError' }));
  });

  it('rejects a custom name that shadows a built-in provider and a malformed URL', () => {
    expect(() => configFromEnvironment({ CUSTOM_PROVIDER_NAME: 'openai' })).toThrow('CUSTOM_PROVIDER_NAME: "openai" is a built-in provider name; choose another');
    expect(() => configFromEnvironment({ OLLAMA_BASE_URL: 'localhost:11434' })).toThrow('OLLAMA_BASE_URL: expected an http:// or https:// URL');
  });

  it('nothing set: an empty configuration with a warning', () => {
    const config = configFromEnvironment({});
    expect(config.providers).toEqual({});
    expect(config.strategies).toEqual({});
    expect(config.defaultStrategy).toBeUndefined();
    expect(config.warnings[0]).toMatch(/^no providers.yaml found and no provider variables set/);
  });
});
