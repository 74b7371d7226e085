/** The validated configuration, after YAML/env parsing, interpolation and defaults. */

export const PROVIDER_TYPES = ['openai', 'anthropic', 'ollama', 'azure_openai', 'custom'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const STRATEGY_TYPES = [
  'priority', // the seed's form: provider + fallback_providers, tried in order
  'round_robin',
  'weighted_round_robin',
  'least_cost',
  'performance_based',
  'least_connections',
  'token_balance',
] as const;
export type StrategyType = (typeof STRATEGY_TYPES)[number];

/**
 * What a strategy does after a retryable failure: retry the same target after its backoff first
 * (`retry_first`), or fail over at once to another healthy target expected to answer sooner than
 * that retry would (`failover_first`), coming back to the retry later if need be.
 */
export const ON_ERROR_POLICIES = ['retry_first', 'failover_first'] as const;
export type OnErrorPolicy = (typeof ON_ERROR_POLICIES)[number];

/** Latency-oriented strategies fail over first: a caller waits for the whole request, failures included. */
export const DEFAULT_ON_ERROR: Readonly<Record<StrategyType, OnErrorPolicy>> = {
  priority: 'retry_first',
  round_robin: 'retry_first',
  weighted_round_robin: 'retry_first',
  least_cost: 'retry_first',
  performance_based: 'failover_first',
  least_connections: 'failover_first',
  token_balance: 'retry_first',
};

export interface RateLimitConfig {
  /** Requests per rolling minute across every llmx process on the machine; unset = unlimited. */
  requestsPerMinute?: number;
  /** Input plus output tokens per rolling minute; unset = unlimited. */
  tokensPerMinute?: number;
}

export interface RetryConfig {
  /** Total attempts on one provider (1 = no retry). Default 3. */
  maxAttempts: number;
  /** Exponential base: the k-th retry waits about baseDelayMs * backoffFactor^k, with jitter. Default 2. */
  backoffFactor: number;
}

/** The seed's FailoverConfig: the circuit breaker and health-check cadence. */
export interface FailoverConfig {
  /** Seconds between scheduled health checks (and `health --watch` default). Default 60. */
  healthCheckIntervalS: number;
  /** Consecutive failures that open a provider's circuit. Default 3. */
  maxFailures: number;
  /** Seconds an open circuit waits before letting one probe through. Default 300. */
  recoveryTimeoutS: number;
}

export interface ProviderConfig {
  name: string;
  type: ProviderType;
  apiKey?: string;
  baseUrl?: string;
  /** Azure resource endpoint. */
  endpoint?: string;
  /** Azure api-version. */
  apiVersion?: string;
  /** Model names (Azure: deployment names); the first is the default. */
  models: string[];
  /** Azure deployments and other aliases: model name as configured -> model it is priced as. */
  priceAs: Record<string, string>;
  rateLimit: RateLimitConfig;
  retry: RetryConfig;
  failover: FailoverConfig;
  /** Per-attempt timeout in ms. Default 60000. */
  timeoutMs: number;
  /**
   * OpenAI-protocol types: whether a stream asks the server for its usage
   * (`stream_options: {include_usage: true}`); `stream_usage:` in providers.yaml. Unset: the type's
   * default (its descriptor; Azure api-versions before 2024-09-01 reject the option).
   */
  streamUsage?: boolean;
  /** True for providers that cost nothing (ollama, or `local: true`). */
  local: boolean;
  /** Set when the provider cannot be used, e.g. `${OPENAI_API_KEY} is not set`. */
  unavailableReason?: string;
  /** Where the API key came from (an env var name or "providers.yaml"), so a 401 can say what to check. */
  apiKeySource?: string;
}

export interface StrategyTarget {
  provider: string;
  /** Explicit model for this target; otherwise the strategy's model (priority head) or the provider's first. */
  model?: string;
  /** weighted_round_robin weight (positive). */
  weight?: number;
  /** token_balance allowance per window. */
  maxTokens?: number;
}

export interface StrategyConfig {
  name: string;
  type: StrategyType;
  targets: StrategyTarget[];
  /** performance_based: share of calls that explore a non-best target. Default 0.05. */
  explorationRate?: number;
  /** token_balance: window length in seconds. Default 60. */
  windowS?: number;
  /** After a retryable failure: retry first or fail over first. Default DEFAULT_ON_ERROR[type]. */
  onError?: OnErrorPolicy;
  /** Where the strategy was defined (file:line:col), for messages. */
  where?: string;
}

export type OnExceed = 'warn' | 'block' | 'local_only';

export interface BudgetConfig {
  dailyBudgetUsd?: number;
  monthlyBudgetUsd?: number;
  /** Fraction of a budget at which the alert fires. Default 0.8. */
  alertThreshold: number;
  onExceed: OnExceed;
  /** Shell command run once per threshold per period, with LLMX_ALERT_* variables. */
  alertCommand?: string;
  /** URL that receives a JSON POST once per threshold per period. */
  alertWebhook?: string;
}

export interface BudgetsConfig {
  global?: BudgetConfig;
  providers: Record<string, BudgetConfig>;
  /**
   * `allow_unpriced: true`: a model with no known price may serve under a blocking (block or
   * local_only) budget, its spend uncounted. Default false: such a target is skipped.
   */
  allowUnpriced?: boolean;
}

/** USD per million tokens. */
export interface UnitPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Cache reads; default the input price. */
  cachedInputPerMTok?: number;
  /** Cache writes with a 5-minute lifetime; default the input price. */
  cacheWrite5mPerMTok?: number;
  /** Cache writes with a 1-hour lifetime; default the 5-minute write price. */
  cacheWrite1hPerMTok?: number;
  /** Which price list answered (`bundled 2026-07-24`, `providers.yaml`, `local`); set by the lookup. */
  source?: string;
}

/** Above `aboveInputTokens` input tokens (all input, cache reads and writes included), the WHOLE request is billed at these rates. */
export interface ContextTier extends UnitPrices {
  aboveInputTokens: number;
}

/** The service tiers that have their own list prices (OpenAI's flex and priority processing). */
export const SERVICE_TIER_NAMES = ['flex', 'priority'] as const;
export type ServiceTierName = (typeof SERVICE_TIER_NAMES)[number];

/** One service tier's rates, with its own long-context tiers. */
export interface TieredPrices extends UnitPrices {
  /** Ascending by threshold; the highest one the request is above applies. */
  contextTiers?: ContextTier[];
}

/**
 * Everything a model's bill depends on: base rates, long-context tiers, and service-tier variants
 * (a call answered on `flex` or `priority` is billed at that variant; any other tier at the base).
 */
export interface ModelPrice extends TieredPrices {
  serviceTiers?: Partial<Record<ServiceTierName, TieredPrices>>;
}

export interface Config {
  /** providers.yaml path, or "environment" when configured from variables alone. */
  source: string;
  providers: Record<string, ProviderConfig>;
  strategies: Record<string, StrategyConfig>;
  /** The strategy `ask` uses without --strategy/--provider: "default" if defined, else the first. */
  defaultStrategy?: string;
  failover: FailoverConfig;
  budgets: BudgetsConfig;
  /** provider -> model -> prices, overriding or adding to the bundled table. */
  pricing: Record<string, Record<string, ModelPrice>>;
  logPrompts: boolean;
  /** Where state and the ledger live, when providers.yaml says (`store:`); --db and LLMX_DB win over it. */
  store?: StoreConfig;
  /** Non-fatal problems found while loading (e.g. an unset ${VAR}). */
  warnings: string[];
}

/** `store:` in providers.yaml. */
export interface StoreConfig {
  /** A postgres:// URL (or a SQLite file path), `${VAR}` already expanded: it may hold a password. */
  url?: string;
  /** How long connecting to a shared store may take (default 5000). */
  connectTimeoutMs?: number;
  /** When the shared store cannot be reached: `fail` (exit 3, the default) or `local` (route on the local SQLite file, spool its rows). */
  onUnavailable?: 'fail' | 'local';
}
