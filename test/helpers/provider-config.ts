import type { ProviderConfig, ProviderType } from '../../src/spec/config.js';

/** The test suite's one ProviderConfig: complete, with test defaults; override what the test is about. */
export function providerConfig(name: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name,
    type: 'openai',
    models: [`${name}-model`],
    priceAs: {},
    rateLimit: {},
    retry: { maxAttempts: 3, backoffFactor: 2 },
    failover: { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 },
    timeoutMs: 60_000,
    local: false,
    ...overrides,
  };
}

/** `providerConfig` for an adapter test: named after its type, with a key that must never leak, one attempt. */
export function adapterConfig(type: ProviderType, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return providerConfig(`${type}-test`, {
    type,
    apiKey: 'sk-test-SECRET-0123456789',
    apiKeySource: 'TEST_API_KEY',
    models: ['test-model'],
    retry: { maxAttempts: 1, backoffFactor: 2 },
    timeoutMs: 10_000,
    local: type === 'ollama',
    ...overrides,
  });
}
