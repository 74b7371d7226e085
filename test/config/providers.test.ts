import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { expectConfigError, parse } from './helpers.js';

const SEED = readFileSync(new URL('../../providers.yaml', import.meta.url), 'utf8');
const ALL_KEYS = {
  OPENAI_API_KEY: 'sk-openai-000000000000000000001111',
  ANTHROPIC_API_KEY: 'sk-ant-000000000000000000002222',
  AZURE_OPENAI_API_KEY: 'azure-00000000000000000000003333',
  AZURE_OPENAI_ENDPOINT: 'https://example-resource.openai.azure.com/',
  AZURE_OPENAI_API_VERSION: '2023-12-01-preview',
};

describe('the repository providers.yaml (the seed example)', () => {
  it('loads with every key set: four providers, the seed strategies, the defaults', () => {
    const config = parseConfigText(SEED, 'providers.yaml', ALL_KEYS);
    expect(Object.keys(config.providers)).toEqual(['openai', 'anthropic', 'ollama', 'azure_openai']);
    expect(Object.keys(config.strategies)).toEqual(['default', 'code_generation', 'local_development', 'cost_optimized']);
    expect(config.defaultStrategy).toBe('default');
    expect(config.warnings).toEqual([]);
    const openai = config.providers.openai;
    expect(openai).toMatchObject({
      type: 'openai',
      apiKey: ALL_KEYS.OPENAI_API_KEY,
      apiKeySource: 'OPENAI_API_KEY',
      models: ['gpt-4', 'gpt-3.5-turbo'],
      rateLimit: { requestsPerMinute: 60, tokensPerMinute: 90000 },
      retry: { maxAttempts: 3, backoffFactor: 2 },
      failover: { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 },
      timeoutMs: 60000,
      local: false,
    });
    // ${OPENAI_BASE_URL} unset: the SDK default, not an unavailable provider.
    expect(openai.baseUrl).toBeUndefined();
    expect(openai.unavailableReason).toBeUndefined();
    expect(config.providers.ollama).toMatchObject({ baseUrl: 'http://localhost:11434', local: true, retry: { maxAttempts: 2, backoffFactor: 1.5 }, rateLimit: { requestsPerMinute: 30 } });
    expect(config.providers.azure_openai).toMatchObject({ endpoint: ALL_KEYS.AZURE_OPENAI_ENDPOINT, apiVersion: '2023-12-01-preview', models: ['gpt-4', 'gpt-35-turbo'] });
    expect(config.strategies.default).toEqual({
      name: 'default',
      type: 'priority',
      targets: [{ provider: 'openai', model: 'gpt-4' }, { provider: 'anthropic' }, { provider: 'ollama' }],
      onError: 'retry_first',
      where: 'providers.yaml:60:3',
    });
  });

  it('an unset key makes only its provider unavailable, with a warning naming the variable and place', () => {
    const config = parseConfigText(SEED, 'providers.yaml', { OPENAI_API_KEY: ALL_KEYS.OPENAI_API_KEY });
    expect(config.providers.openai.unavailableReason).toBeUndefined();
    expect(config.providers.ollama.unavailableReason).toBeUndefined();
    expect(config.providers.anthropic.unavailableReason).toBe('${ANTHROPIC_API_KEY} is not set');
    expect(config.providers.azure_openai.unavailableReason).toBe('${AZURE_OPENAI_API_KEY}, ${AZURE_OPENAI_ENDPOINT} are not set');
    // api_version is optional: unset means the default version, not unavailable.
    expect(config.providers.azure_openai.apiVersion).toBe('2024-10-21');
    expect(config.warnings).toEqual([
      'providers.yaml:20:14: provider "anthropic" is unavailable: ${ANTHROPIC_API_KEY} is not set',
      'providers.yaml:46:14: provider "azure_openai" is unavailable: ${AZURE_OPENAI_API_KEY}, ${AZURE_OPENAI_ENDPOINT} are not set',
    ]);
    // Strategies over unavailable providers are not a config error: the router reports them at call time.
    expect(config.strategies.code_generation.targets[0]).toEqual({ provider: 'anthropic', model: 'claude-3-opus-20240229' });
  });

  it('reports the "sixty" example exactly', () => {
    const text = readFileSync(new URL('../../fixtures/config/broken-sixty.yaml', import.meta.url), 'utf8');
    expectConfigError(
      () => parseConfigText(text, 'providers.yaml', ALL_KEYS),
      'providers.yaml:12:28: providers.openai.rate_limit.requests_per_minute: expected a positive integer, got "sixty"',
    );
  });
});

describe('provider keys', () => {
  it('records where a literal key came from, and a key from a default', () => {
    const config = parse(`providers:
  openai: {type: openai, api_key: sk-literal-000000000000000000, models: [gpt-4o]}
  anthropic: {type: anthropic, api_key: "\${ANTHROPIC_API_KEY:-sk-ant-fallback-0000000000}", models: [claude-haiku-4-5]}
`);
    expect(config.providers.openai.apiKeySource).toBe('providers.yaml providers.openai.api_key');
    expect(config.providers.anthropic).toMatchObject({ apiKey: 'sk-ant-fallback-0000000000', apiKeySource: 'providers.yaml providers.anthropic.api_key' });
  });

  it('an omitted api_key falls back to the SDK variable; without it the provider is unavailable', () => {
    const text = 'providers:\n  openai:\n    type: openai\n  ollama: {}\n';
    expect(parse(text, { OPENAI_API_KEY: 'sk-env-00000000000000000000' }).providers.openai).toMatchObject({ apiKey: 'sk-env-00000000000000000000', apiKeySource: 'OPENAI_API_KEY' });
    const without = parse(text, {});
    expect(without.providers.openai.unavailableReason).toBe('no api_key and OPENAI_API_KEY is not set');
    expect(without.warnings).toEqual(['provider "openai" is unavailable: no api_key and OPENAI_API_KEY is not set']);
    // Type inferred from the name, default model, local by default.
    expect(without.providers.ollama).toMatchObject({ type: 'ollama', models: ['llama3.2'], local: true, baseUrl: 'http://localhost:11434' });
    expect(without.providers.openai.models).toEqual(['gpt-4o-mini']);
  });

  it('interpolates numbers, booleans and URLs, and ${VAR:-} means unset', () => {
    const config = parse(
      `providers:
  openai:
    type: openai
    api_key: sk-x-00000000000000000000000
    base_url: \${OPENAI_BASE_URL:-}
    models: [gpt-4o]
    rate_limit: {requests_per_minute: "\${RPM:-60}", tokens_per_minute: "\${TPM}"}
    timeout_ms: "5000"
    local: "\${LOCAL:-false}"
  box:
    type: custom
    base_url: http://\${BOX_HOST:-127.0.0.1}:8000/v1
    models: [qwen]
`,
      { TPM: '1000' },
    );
    expect(config.providers.openai).toMatchObject({ rateLimit: { requestsPerMinute: 60, tokensPerMinute: 1000 }, timeoutMs: 5000, local: false });
    expect(config.providers.openai.baseUrl).toBeUndefined();
    expect(config.providers.box).toMatchObject({ type: 'custom', baseUrl: 'http://127.0.0.1:8000/v1', local: false });
    expect(config.providers.box.apiKey).toBeUndefined();
    expect(config.providers.box.unavailableReason).toBeUndefined();
  });

  it('an unset variable in any required field disables the provider (custom base_url, a model, a limit)', () => {
    const config = parse(`providers:
  box: {type: custom, base_url: "\${BOX_URL}", models: [qwen]}
  openai: {type: openai, api_key: k-00000000000000000000000, models: ["\${OPENAI_MODEL}"]}
  ollama: {type: ollama, rate_limit: {requests_per_minute: "\${OLLAMA_RPM}"}}
`);
    expect(config.providers.box.unavailableReason).toBe('${BOX_URL} is not set');
    expect(config.providers.openai.unavailableReason).toBe('${OPENAI_MODEL} is not set');
    expect(config.providers.ollama.unavailableReason).toBe('${OLLAMA_RPM} is not set');
    expect(config.warnings).toHaveLength(3);
  });

  it('reads Azure deployments priced as a base model', () => {
    const config = parse(`providers:
  azure:
    type: azure_openai
    api_key: az-0000000000000000000000
    endpoint: https://res.openai.azure.com/
    models:
      - name: prod-gpt4o
        price_as: gpt-4o
      - gpt-35-turbo
`);
    expect(config.providers.azure).toMatchObject({ models: ['prod-gpt4o', 'gpt-35-turbo'], priceAs: { 'prod-gpt4o': 'gpt-4o' }, apiVersion: '2024-10-21' });
  });

  it('applies the global failover and lets a provider override part of it', () => {
    const config = parse(`failover: {health_check_interval: 30, max_failures: 5, recovery_timeout: 120}
providers:
  openai: {api_key: k-000000000000000000000000, failover: {max_failures: 2}}
  ollama: {}
`);
    expect(config.failover).toEqual({ healthCheckIntervalS: 30, maxFailures: 5, recoveryTimeoutS: 120 });
    expect(config.providers.openai.failover).toEqual({ healthCheckIntervalS: 30, maxFailures: 2, recoveryTimeoutS: 120 });
    expect(config.providers.ollama.failover).toEqual({ healthCheckIntervalS: 30, maxFailures: 5, recoveryTimeoutS: 120 });
  });

  it('supports YAML anchors and merge keys under x- extension keys', () => {
    const config = parse(`x-common: &common
  retry: {max_attempts: 5, backoff_factor: 3}
  timeout_ms: 1000
providers:
  ollama:
    <<: *common
    timeout_ms: 2000
`);
    expect(config.providers.ollama).toMatchObject({ retry: { maxAttempts: 5, backoffFactor: 3 }, timeoutMs: 2000 });
  });
});

describe('provider errors name file:line:col and the key path', () => {
  const cases: Array<[string, string, string]> = [
    ['unknown provider type', 'providers:\n  openai:\n    type: opnai\n', 'providers.yaml:3:11: providers.openai.type: unknown provider type "opnai" (did you mean "openai"?); expected one of openai, anthropic, ollama, azure_openai, custom'],
    ['missing type on a custom name', 'providers:\n  mybox:\n    models: [a]\n', 'providers.yaml:2:3: providers.mybox.type: required: one of openai, anthropic, ollama, azure_openai, custom'],
    ['unknown key with a suggestion', 'providers:\n  ollama:\n    rate_limits: {}\n', 'providers.yaml:3:5: providers.ollama.rate_limits: unknown key (did you mean "rate_limit"?); expected one of type, api_key, base_url, endpoint, api_version, models, rate_limit, retry, timeout_ms, local, failover, stream_usage'],
    ['unknown nested key', 'providers:\n  ollama:\n    retry: {max_attempt: 2}\n', 'providers.yaml:3:13: providers.ollama.retry.max_attempt: unknown key (did you mean "max_attempts"?); expected one of max_attempts, backoff_factor'],
    ['non-integer attempts', 'providers:\n  ollama:\n    retry: {max_attempts: 2.5}\n', 'providers.yaml:3:27: providers.ollama.retry.max_attempts: expected a positive integer, got 2.5'],
    ['a timeout past a timer\'s range', 'providers:\n  ollama:\n    timeout_ms: 100000000000000000000\n', 'providers.yaml:3:17: providers.ollama.timeout_ms: expected a positive integer up to 2147483647, got 100000000000000000000'],
    ['zero requests per minute', 'providers:\n  ollama:\n    rate_limit: {requests_per_minute: 0}\n', 'providers.yaml:3:39: providers.ollama.rate_limit.requests_per_minute: expected a positive integer, got 0'],
    ['backoff below 1', 'providers:\n  ollama:\n    retry: {backoff_factor: 0.5}\n', 'providers.yaml:3:29: providers.ollama.retry.backoff_factor: expected a number >= 1, got 0.5'],
    ['interpolated bad number', 'providers:\n  ollama:\n    timeout_ms: ${T:-soon}\n', 'providers.yaml:3:17: providers.ollama.timeout_ms: expected a positive integer, got "soon" (from ${T:-soon})'],
    ['a quoted word is not a number', 'providers:\n  ollama:\n    timeout_ms: "5s"\n', 'providers.yaml:3:17: providers.ollama.timeout_ms: expected a positive integer, got "5s"'],
    ['bad local flag', 'providers:\n  ollama:\n    local: maybe\n', 'providers.yaml:3:12: providers.ollama.local: expected true or false, got "maybe"'],
    ['models not a list', 'providers:\n  ollama:\n    models: llama3\n', 'providers.yaml:3:13: providers.ollama.models: expected a list, got "llama3"'],
    ['empty models', 'providers:\n  ollama:\n    models: []\n', 'providers.yaml:3:13: providers.ollama.models: expected at least one model'],
    ['duplicate model', 'providers:\n  ollama:\n    models: [a, a]\n', 'providers.yaml:3:17: providers.ollama.models[1]: model "a" is listed twice'],
    ['custom without base_url', 'providers:\n  box:\n    type: custom\n    models: [a]\n', 'providers.yaml:2:3: providers.box.base_url: required for type custom (the OpenAI-compatible endpoint, e.g. http://host:8000/v1)'],
    ['custom without models', 'providers:\n  box: {type: custom, base_url: "http://h/v1"}\n', 'providers.yaml:2:3: providers.box.models: required for type custom: the model names the endpoint serves'],
    ['azure without endpoint', 'providers:\n  az:\n    type: azure_openai\n', 'providers.yaml:2:3: providers.az.endpoint: required for type azure_openai (https://<resource>.openai.azure.com/)'],
    ['endpoint on openai', 'providers:\n  openai:\n    endpoint: https://x\n', 'providers.yaml:3:15: providers.openai.endpoint: only for type azure_openai; use base_url'],
    ['a URL that is not one', 'providers:\n  ollama:\n    base_url: localhost:11434\n', 'providers.yaml:3:15: providers.ollama.base_url: expected an http:// or https:// URL'],
    ['credentials in a URL (never echoed)', 'providers:\n  ollama:\n    base_url: http://me:hunter2@box:11434\n', 'providers.yaml:3:15: providers.ollama.base_url: a URL with user:password@ cannot be used (HTTP clients do not send URL credentials); give the key as api_key, or the host without credentials'],
    ['name with a colon', 'providers:\n  "a:b": {type: ollama}\n', 'providers.yaml:2:3: providers.a:b: provider name "a:b" may not be empty or contain ":" or spaces'],
    ['no providers', 'strategies: {}\n', 'providers.yaml:1:1: providers: required: a mapping of provider name -> settings'],
    ['empty providers', 'providers: {}\n', 'providers.yaml:1:12: providers: expected at least one provider'],
    ['unknown top-level key', 'providers:\n  ollama: {}\nstrategy: {}\n', 'providers.yaml:3:1: strategy: unknown key (did you mean "strategies"?); expected one of providers, strategies, failover, budgets, pricing, log_prompts, store'],
    ['YAML syntax error', 'providers:\n  ollama: {}\n  ollama: {}\n', 'providers.yaml:3:3: invalid YAML: Map keys must be unique'],
    ['unterminated reference', 'providers:\n  ollama:\n    base_url: "${OLLAMA"\n', 'providers.yaml:3:15: providers.ollama.base_url: unterminated "${" (expected ${NAME} or ${NAME:-default})'],
    ['bad failover', 'failover:\n  max_failures: -1\nproviders:\n  ollama: {}\n', 'providers.yaml:2:17: failover.max_failures: expected a positive integer, got -1'],
    ['stream_usage on a type that always reports usage', 'providers:\n  ollama:\n    stream_usage: false\n', 'providers.yaml:3:19: providers.ollama.stream_usage: only for type openai, azure_openai, custom (ollama always reports usage in its streams)'],
    ['stream_usage not a boolean', 'providers:\n  openai:\n    stream_usage: sometimes\n', 'providers.yaml:3:19: providers.openai.stream_usage: expected true or false, got "sometimes"'],
    ['a secret is never echoed', 'providers:\n  openai:\n    api_key: [sk-secret-in-a-list]\n', 'providers.yaml:3:14: providers.openai.api_key: expected a string'],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => expectConfigError(() => parse(text), message));
  }

  it('an empty file says so', () => {
    expectConfigError(() => parse('# nothing\n'), 'providers.yaml: the file is empty; expected a providers: mapping');
  });
});

describe('stream_usage', () => {
  it('is unset unless written (the type decides), and read as written for OpenAI-wire types', () => {
    const config = parse('providers:\n  box: {type: custom, base_url: "http://h/v1", models: [a], stream_usage: false}\n  openai: {api_key: k, stream_usage: yes}\n  plain: {type: openai, api_key: k}\n');
    expect(config.providers.box.streamUsage).toBe(false);
    expect(config.providers.openai.streamUsage).toBe(true);
    expect(config.providers.plain.streamUsage).toBeUndefined();
  });
});
