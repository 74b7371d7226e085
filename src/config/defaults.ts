import type { FailoverConfig, ProviderConfig, ProviderType, RetryConfig } from '../spec/config.js';

/** The seed's FailoverConfig defaults (seconds, count, seconds). */
export const DEFAULT_FAILOVER: FailoverConfig = { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 };

export const DEFAULT_RETRY: RetryConfig = { maxAttempts: 3, backoffFactor: 2 };

export const DEFAULT_TIMEOUT_MS = 60_000;

/** A provider with every setting at its default, before its own settings are applied. */
export function defaultProviderConfig(name: string, type: ProviderType, models: string[], failover: FailoverConfig): ProviderConfig {
  return {
    name,
    type,
    models,
    priceAs: {},
    rateLimit: {},
    retry: { ...DEFAULT_RETRY },
    failover: { ...failover },
    timeoutMs: DEFAULT_TIMEOUT_MS,
    local: type === 'ollama',
  };
}

export const DEFAULT_OLLAMA_BASE_URL = 'http://localhost:11434';

/** A GA Azure OpenAI data-plane version; used when neither api_version nor the variable is set. */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

export const DEFAULT_ALERT_THRESHOLD = 0.8;

/** performance_based: share of calls spent re-measuring a non-best target. */
export const DEFAULT_EXPLORATION_RATE = 0.05;

/** token_balance: allowance window in seconds. */
export const DEFAULT_TOKEN_WINDOW_S = 60;

/**
 * The model a provider uses when none is configured: small, cheap, current models, so that a
 * forgotten `models:` costs little. `custom` has none: an arbitrary endpoint's models are unknowable.
 */
export const DEFAULT_MODELS: Record<ProviderType, string | undefined> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  ollama: 'llama3.2',
  azure_openai: 'gpt-4o-mini',
  custom: undefined,
};

/** The variable a provider's key is read from when `api_key` is omitted (the SDKs' own convention). */
export const CONVENTIONAL_KEY_VARIABLE: Record<ProviderType, string | undefined> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  azure_openai: 'AZURE_OPENAI_API_KEY',
  ollama: undefined,
  custom: undefined,
};
