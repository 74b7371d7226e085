import { stringify } from 'yaml';
import { SECRET_QUERY_PARAMETER } from '../shared/redact-secrets.js';
import type { BudgetConfig, Config, ModelPrice, ProviderConfig, StrategyConfig, TieredPrices, UnitPrices } from '../spec/config.js';

const MASK = '****';
/** Below this length, showing 7 characters would reveal too much of the key. */
const MIN_PARTIAL_LENGTH = 20;
/** Long letter-and-digit runs in a command line are treated as tokens. */
const TOKEN_LIKE = /[A-Za-z0-9_\-+/=.]{24,}/g;

/** "sk-…1234" for a long key (enough to tell keys apart), "****" for anything short. */
export function maskSecret(value: string): string {
  if (value.length < MIN_PARTIAL_LENGTH) return MASK;
  return `${value.slice(0, 3)}…${value.slice(-4)}`;
}

/** Keeps scheme, host and path; masks user info and secret-looking query parameters. */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  const secretParameters = [...url.searchParams.keys()].filter((name) => SECRET_QUERY_PARAMETER.test(name));
  const masked = url.username !== '' || url.password !== '' || secretParameters.length > 0;
  if (url.username) url.username = MASK;
  if (url.password) url.password = MASK;
  for (const name of secretParameters) url.searchParams.set(name, MASK);
  // Unchanged URLs are shown as written (URL would add a trailing slash).
  return masked ? url.toString() : value;
}

/** Webhook URLs carry their secret in the path (Slack, Discord): only the origin is shown. */
export function maskWebhook(value: string): string {
  try {
    return `${new URL(value).origin}/${MASK}`;
  } catch {
    return MASK;
  }
}

export function maskCommand(value: string): string {
  return value.replace(TOKEN_LIKE, (token) => (/[0-9]/.test(token) && /[A-Za-z]/.test(token) && !token.includes('/') ? maskSecret(token) : token));
}

/**
 * The resolved configuration for `config show`, in providers.yaml's own (snake_case) vocabulary,
 * with every secret masked. As a last guard, any occurrence of a key anywhere in the output is masked.
 */
export function redactConfig(config: Config): unknown {
  const output = {
    source: config.source,
    ...(config.defaultStrategy !== undefined && { default_strategy: config.defaultStrategy }),
    providers: Object.fromEntries(Object.values(config.providers).map((provider) => [provider.name, redactProvider(provider)])),
    strategies: Object.fromEntries(Object.values(config.strategies).map((strategy) => [strategy.name, showStrategy(strategy)])),
    failover: showFailover(config.failover),
    budgets: {
      ...(config.budgets.global && showBudget(config.budgets.global)),
      providers: Object.fromEntries(Object.entries(config.budgets.providers).map(([name, budget]) => [name, showBudget(budget)])),
    },
    pricing: Object.fromEntries(
      Object.entries(config.pricing).map(([provider, models]) => [
        provider,
        Object.fromEntries(
          Object.entries(models).map(([model, prices]) => [model, showPrice(prices)]),
        ),
      ]),
    ),
    log_prompts: config.logPrompts,
    ...(config.store !== undefined && {
      store: {
        ...(config.store.url !== undefined && { url: maskUrl(config.store.url) }),
        ...(config.store.connectTimeoutMs !== undefined && { connect_timeout_ms: config.store.connectTimeoutMs }),
        ...(config.store.onUnavailable !== undefined && { on_unavailable: config.store.onUnavailable }),
      },
    }),
  };
  const secrets = Object.values(config.providers)
    .map((provider) => provider.apiKey)
    .filter((key): key is string => typeof key === 'string' && key.length >= 4);
  return scrub(output, secrets);
}

function redactProvider(provider: ProviderConfig): Record<string, unknown> {
  return {
    type: provider.type,
    ...(provider.unavailableReason !== undefined && { unavailable: provider.unavailableReason }),
    ...(provider.apiKey !== undefined && { api_key: maskSecret(provider.apiKey) }),
    ...(provider.apiKeySource !== undefined && { api_key_source: provider.apiKeySource }),
    ...(provider.baseUrl !== undefined && { base_url: maskUrl(provider.baseUrl) }),
    ...(provider.endpoint !== undefined && { endpoint: maskUrl(provider.endpoint) }),
    ...(provider.apiVersion !== undefined && { api_version: provider.apiVersion }),
    models: provider.models.map((model) => (provider.priceAs[model] ? { name: model, price_as: provider.priceAs[model] } : model)),
    rate_limit: {
      ...(provider.rateLimit.requestsPerMinute !== undefined && { requests_per_minute: provider.rateLimit.requestsPerMinute }),
      ...(provider.rateLimit.tokensPerMinute !== undefined && { tokens_per_minute: provider.rateLimit.tokensPerMinute }),
    },
    retry: { max_attempts: provider.retry.maxAttempts, backoff_factor: provider.retry.backoffFactor },
    failover: showFailover(provider.failover),
    timeout_ms: provider.timeoutMs,
    local: provider.local,
    ...(provider.streamUsage !== undefined && { stream_usage: provider.streamUsage }),
  };
}

function showStrategy(strategy: StrategyConfig): Record<string, unknown> {
  return {
    type: strategy.type,
    targets: strategy.targets.map((target) => ({
      provider: target.provider,
      ...(target.model !== undefined && { model: target.model }),
      ...(target.weight !== undefined && { weight: target.weight }),
      ...(target.maxTokens !== undefined && { max_tokens: target.maxTokens }),
    })),
    ...(strategy.explorationRate !== undefined && { exploration: strategy.explorationRate }),
    ...(strategy.windowS !== undefined && { window: strategy.windowS }),
    ...(strategy.onError !== undefined && { on_error: strategy.onError }),
    ...(strategy.where !== undefined && { where: strategy.where }),
  };
}

function showFailover(failover: Config['failover']): Record<string, number> {
  return { health_check_interval: failover.healthCheckIntervalS, max_failures: failover.maxFailures, recovery_timeout: failover.recoveryTimeoutS };
}

function showBudget(budget: BudgetConfig): Record<string, unknown> {
  return {
    ...(budget.dailyBudgetUsd !== undefined && { daily_budget: budget.dailyBudgetUsd }),
    ...(budget.monthlyBudgetUsd !== undefined && { monthly_budget: budget.monthlyBudgetUsd }),
    alert_threshold: budget.alertThreshold,
    on_exceed: budget.onExceed,
    ...(budget.alertCommand !== undefined && { alert_command: maskCommand(budget.alertCommand) }),
    ...(budget.alertWebhook !== undefined && { alert_webhook: maskWebhook(budget.alertWebhook) }),
  };
}

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join(maskSecret(secret)), value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, secrets)]));
  }
  return value;
}

/** The resolved configuration as providers.yaml-style YAML, every secret masked (`config show`). */
export function redactedConfigYaml(config: Config): string {
  return stringify(redactConfig(config), { lineWidth: 0 });
}

/** A `pricing:` entry as it is written in providers.yaml. */
function showPrice(price: ModelPrice): Record<string, unknown> {
  const rates = (prices: UnitPrices) => ({
    input: prices.inputPerMTok,
    output: prices.outputPerMTok,
    ...(prices.cachedInputPerMTok !== undefined && { cached_input: prices.cachedInputPerMTok }),
    ...(prices.cacheWrite5mPerMTok !== undefined && { cache_write: prices.cacheWrite5mPerMTok }),
    ...(prices.cacheWrite1hPerMTok !== undefined && { cache_write_1h: prices.cacheWrite1hPerMTok }),
  });
  const tiered = (prices: TieredPrices) => ({
    ...rates(prices),
    ...(prices.contextTiers && { tiers: prices.contextTiers.map((tier) => ({ above_input_tokens: tier.aboveInputTokens, ...rates(tier) })) }),
  });
  return {
    ...tiered(price),
    ...(price.serviceTiers && { service_tiers: Object.fromEntries(Object.entries(price.serviceTiers).map(([name, variant]) => [name, tiered(variant!)])) }),
  };
}
