import { descriptorOf } from '../provider-types/index.js';
import type { FailoverConfig, ProviderConfig, ProviderType, RetryConfig } from '../spec/config.js';

// Per-type defaults (models, addresses, api-version, key variables) are the types' descriptors, in src/provider-types/.

/** The seed's FailoverConfig defaults (seconds, count, seconds). */
export const DEFAULT_FAILOVER: FailoverConfig = { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 };

export const DEFAULT_RETRY: RetryConfig = { maxAttempts: 3, backoffFactor: 2 };

export const DEFAULT_TIMEOUT_MS = 60_000;

/** A provider with every setting at its default, before its own settings are applied. */
export function defaultProviderConfig(name: string, type: ProviderType, failover: FailoverConfig): ProviderConfig {
  return {
    name,
    type,
    models: [],
    priceAs: {},
    rateLimit: {},
    retry: { ...DEFAULT_RETRY },
    failover: { ...failover },
    timeoutMs: DEFAULT_TIMEOUT_MS,
    local: descriptorOf(type).local,
  };
}

export const DEFAULT_ALERT_THRESHOLD = 0.8;

/** performance_based: share of calls spent re-measuring a non-best target. */
export const DEFAULT_EXPLORATION_RATE = 0.05;

/** token_balance: allowance window in seconds. */
export const DEFAULT_TOKEN_WINDOW_S = 60;
