import type { ProviderConfig, ProviderType } from '../../src/spec/config.js';

/** A complete ProviderConfig with test defaults; override what the test is about. */
export function providerConfig(type: ProviderType, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return {
    name: `${type}-test`,
    type,
    apiKey: 'sk-test-SECRET-0123456789',
    apiKeySource: 'TEST_API_KEY',
    models: ['test-model'],
    priceAs: {},
    rateLimit: {},
    retry: { maxAttempts: 1, backoffFactor: 2 },
    failover: { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 },
    timeoutMs: 10_000,
    local: type === 'ollama',
    ...overrides,
  };
}
