import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { configFromEnvironment, environmentSettings } from '../../src/config/index.js';
import { ConfigError } from '../../src/spec/errors.js';
import { expectConfigError, parse } from './helpers.js';

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

/** The providers.yaml a person would write for the seed's variables. */
const SEED_YAML = `providers:
  openai:
    api_key: \${OPENAI_API_KEY}
    base_url: \${OPENAI_BASE_URL}
  anthropic:
    api_key: \${ANTHROPIC_API_KEY}
  azure_openai:
    api_key: \${AZURE_OPENAI_API_KEY}
    endpoint: \${AZURE_OPENAI_ENDPOINT}
    api_version: \${AZURE_OPENAI_API_VERSION}
  myprovider:
    type: custom
    api_key: \${CUSTOM_PROVIDER_API_KEY}
    base_url: \${CUSTOM_PROVIDER_BASE_URL}
    models: [my-model]
  ollama:
    base_url: \${OLLAMA_BASE_URL}
`;

/** providers.yaml text for what the environment configures (what `llmx config init` can write). */
function yamlFor(env: NodeJS.ProcessEnv): string {
  return stringify({ providers: environmentSettings(env).providers });
}

describe('environment-only and providers.yaml build the same providers', () => {
  it('the seed variables give exactly what the equivalent hand-written providers.yaml gives', () => {
    const fromEnvironment = configFromEnvironment(SEED_ENV);
    const fromYaml = parse(SEED_YAML, SEED_ENV);
    expect(Object.keys(fromEnvironment.providers)).toEqual(Object.keys(fromYaml.providers));
    expect(fromEnvironment.providers).toEqual(fromYaml.providers);
    expect(fromYaml.warnings).toEqual([]);
  });

  const cases: Array<[string, NodeJS.ProcessEnv]> = [
    ['the seed variables', SEED_ENV],
    ['keys only, with models lists', { OPENAI_API_KEY: 'k1', OPENAI_MODELS: 'gpt-4o,gpt-4o-mini', ANTHROPIC_API_KEY: 'k2', ANTHROPIC_MODEL: 'claude-sonnet-4-5' }],
    ['roles naming services whose variables are unset', { PRIMARY_PROVIDER: 'azure_openai', SECONDARY_PROVIDER: 'custom', LOCAL_PROVIDER: 'ollama' }],
    ['Azure with the default api-version, custom without a key', { AZURE_OPENAI_API_KEY: 'az', AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com/', CUSTOM_PROVIDER_BASE_URL: 'http://127.0.0.1:8000/v1', CUSTOM_PROVIDER_MODELS: 'qwen, llama' }],
    ['a model name with a literal ${', { OLLAMA_BASE_URL: 'http://h:1', OLLAMA_MODEL: 'odd${name}' }],
  ];
  it.each(cases)('%s: the settings written as providers.yaml parse to the same providers and warnings', (_name, env) => {
    const fromEnvironment = configFromEnvironment(env);
    const fromYaml = parse(yamlFor(env), env);
    expect(fromEnvironment.providers).toEqual(fromYaml.providers);
    // The same warnings, each placed at its source: the environment, or the line in the file.
    const unplaced = (warnings: string[]) => warnings.map((warning) => warning.replace(/^(environment|providers\.yaml:\d+:\d+): /, ''));
    expect(unplaced(fromEnvironment.warnings.filter((warning) => warning.includes('is unavailable')))).toEqual(unplaced(fromYaml.warnings));
  });

  it('unset variables disable a provider the same way in both', () => {
    const env = { PRIMARY_PROVIDER: 'azure_openai', SECONDARY_PROVIDER: 'custom' };
    const fromEnvironment = configFromEnvironment(env);
    expect(fromEnvironment.providers.azure_openai.unavailableReason).toBe('${AZURE_OPENAI_API_KEY}, ${AZURE_OPENAI_ENDPOINT} are not set');
    expect(fromEnvironment.providers.custom.unavailableReason).toBe('${CUSTOM_PROVIDER_BASE_URL}, ${CUSTOM_PROVIDER_MODEL} are not set');
    expect(fromEnvironment.warnings).toEqual([
      'environment: provider "azure_openai" is unavailable: ${AZURE_OPENAI_API_KEY}, ${AZURE_OPENAI_ENDPOINT} are not set',
      'environment: provider "custom" is unavailable: ${CUSTOM_PROVIDER_BASE_URL}, ${CUSTOM_PROVIDER_MODEL} are not set',
    ]);
    expect(parse(yamlFor(env), env).providers).toEqual(fromEnvironment.providers);
  });

  it('the settings never hold a key, only references to the variables', () => {
    const text = yamlFor(SEED_ENV);
    for (const [name, value] of Object.entries(SEED_ENV)) if (name.endsWith('_API_KEY')) expect(text).not.toContain(value);
    expect(environmentSettings(SEED_ENV).providers.openai).toEqual({ type: 'openai', api_key: '${OPENAI_API_KEY}', base_url: '${OPENAI_BASE_URL:-}' });
    expect(environmentSettings(SEED_ENV).providers.myprovider).toMatchObject({ type: 'custom', api_key: '${CUSTOM_PROVIDER_API_KEY:-}', models: ['my-model'] });
  });
});

describe('one validator, placed at the variable for environment-only configuration', () => {
  it.each([
    ['OPENAI_BASE_URL', 'openai', 'base_url', { OPENAI_API_KEY: 'k' }],
    ['AZURE_OPENAI_ENDPOINT', 'azure_openai', 'endpoint', { AZURE_OPENAI_API_KEY: 'k' }],
    ['CUSTOM_PROVIDER_BASE_URL', 'custom', 'base_url', { CUSTOM_PROVIDER_MODEL: 'm' }],
    ['OLLAMA_BASE_URL', 'ollama', 'base_url', {}],
  ])('a bad %s: the variable is the place; in providers.yaml the same value is placed at its line', (variable, provider, key, rest) => {
    const env = { ...rest, [variable]: 'example.test:8000' };
    let caught: unknown;
    try {
      configFromEnvironment(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toMatchObject({ message: `${variable}: expected an http:// or https:// URL`, where: variable, exitCode: 3 });
    const text = `providers:\n  ${provider}:\n    ${key}: \${${variable}}\n    models: [m]\n`;
    expectConfigError(() => parse(text, env), `providers.yaml:3:${7 + key.length}: providers.${provider}.${key}: expected an http:// or https:// URL`);
  });

  it('values are read trimmed, and a blank one is unset', () => {
    const config = configFromEnvironment({ OPENAI_API_KEY: '  sk-padded-000000000000  ', OPENAI_BASE_URL: '   ', OLLAMA_BASE_URL: ' http://h:1 ' });
    expect(config.providers.openai).toMatchObject({ apiKey: 'sk-padded-000000000000', apiKeySource: 'OPENAI_API_KEY' });
    expect(config.providers.openai.baseUrl).toBeUndefined();
    expect(config.providers.ollama.baseUrl).toBe('http://h:1');
  });

  it('an api-version variable alone configures nothing', () => {
    expect(configFromEnvironment({ AZURE_OPENAI_API_VERSION: '2024-10-21', OPENAI_MODEL: 'gpt-4o' }).providers).toEqual({});
  });
});
