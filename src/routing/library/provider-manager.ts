import type { ProviderAdapter } from '../../spec/adapter.js';
import type { ChatMessage } from '../../spec/chat.js';
import type { Config, ProviderConfig, StrategyConfig } from '../../spec/config.js';
import { ConfigError } from '../../spec/errors.js';
import type { RouterEventListener } from '../../spec/events.js';
import type { PriceLookup } from '../../spec/ledger.js';
import type { StateStore } from '../../spec/state.js';
import { recordTokens, tokenBalanceKey, DEFAULT_TOKEN_WINDOW_S, type TokenWindowState } from '../strategies/token-balance.js';
import { cacheAdapters } from '../adapter-cache.js';
import { Router, type Explanation, type RoutedResult, type RouterOptions } from '../router.js';
import { PriorityStrategy, TokenBalanceStrategy, type SelectionStrategy } from './strategies.js';

/** The seed's FailoverConfig: a priority chain plus the circuit-breaker settings applied to its providers. */
export class FailoverConfig {
  readonly primaryProvider: string;
  readonly fallbackProviders: string[];
  /** Seconds between health checks. Default 60. */
  readonly healthCheckInterval: number;
  /** Consecutive failures that open a provider's circuit. Default 3. */
  readonly maxFailures: number;
  /** Seconds an open circuit waits before one probe. Default 300. */
  readonly recoveryTimeout: number;
  constructor(options: { primaryProvider: string; fallbackProviders?: string[]; healthCheckInterval?: number; maxFailures?: number; recoveryTimeout?: number }) {
    this.primaryProvider = options.primaryProvider;
    this.fallbackProviders = options.fallbackProviders ?? [];
    this.healthCheckInterval = options.healthCheckInterval ?? 60;
    this.maxFailures = options.maxFailures ?? 3;
    this.recoveryTimeout = options.recoveryTimeout ?? 300;
    for (const [key, value] of [['healthCheckInterval', this.healthCheckInterval], ['maxFailures', this.maxFailures], ['recoveryTimeout', this.recoveryTimeout]] as const) {
      if (!(value > 0)) throw new RangeError(`FailoverConfig: ${key} must be positive, got ${value}`);
    }
  }
}

export interface ProviderManagerOptions {
  /** A loaded configuration. Default: `configText`, else loadConfig({ configPath }) (discovery as the CLI). */
  config?: Config;
  /** providers.yaml path. */
  configPath?: string;
  /** providers.yaml content. */
  configText?: string;
  /**
   * Where breaker state, cursors, rate windows and latency live. Default: `dbPath`'s SQLite store if
   * given (shared with the CLI and other processes, attempts recorded in its ledger), else in memory.
   */
  state?: StateStore;
  /** SQLite file to share state and record usage in (as `--db`). */
  dbPath?: string;
  /** Adapter factory. Default: the bundled SDK adapters. */
  adapterFor?: (provider: ProviderConfig) => Promise<ProviderAdapter>;
  /** Prices for least_cost and the ledger. Default: the bundled price table plus config overrides. */
  priceOf?: PriceLookup;
  /** Passed to the Router (clock, sleep, random, retry delays, max wait). */
  router?: Pick<RouterOptions, 'now' | 'sleep' | 'random' | 'retryBaseDelayMs' | 'maxRetryAfterMs' | 'maxWaitMs'>;
}

/** What `complete` takes: a prompt or messages, and per-call knobs. */
export interface CompleteRequest {
  prompt?: string;
  messages?: ChatMessage[];
  system?: string;
  /** Output token cap. Default 1024. */
  maxTokens?: number;
  temperature?: number;
  /** Model override (applies to the targets that list it). */
  model?: string;
  stream?: boolean;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; default the provider's. */
  timeoutMs?: number;
}

interface Runtime {
  config: Config;
  state: StateStore;
  priceOf: PriceLookup;
  adapterFor: (provider: ProviderConfig) => Promise<ProviderAdapter>;
  close: () => void;
  recorder?: { listener: RouterEventListener; flush(): Promise<void> };
}

/**
 * The seed's ProviderManager, on the CLI's Router: `setStrategy`, `configureFailover`, `complete`.
 * Configuration and the store load on first use.
 */
export class ProviderManager {
  private readonly options: ProviderManagerOptions;
  private runtime?: Promise<Runtime>;
  private strategy?: SelectionStrategy;
  private failover?: FailoverConfig;
  private router?: Router;
  private readonly listeners = new Set<RouterEventListener>();

  constructor(options: ProviderManagerOptions = {}) {
    this.options = options;
  }

  /** Routes every later `complete` through this strategy. */
  setStrategy(strategy: SelectionStrategy): this {
    this.strategy = strategy;
    this.router = undefined;
    return this;
  }

  /**
   * Uses primary then fallbacks (unless a strategy is set) and applies max_failures /
   * recovery_timeout / health_check_interval to every provider's circuit breaker.
   */
  configureFailover(failover: FailoverConfig): this {
    this.failover = failover;
    this.router = undefined;
    return this;
  }

  /** Subscribes to the router's events (decisions, attempts, retries, failovers). */
  on(listener: RouterEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async complete(request: CompleteRequest): Promise<RoutedResult> {
    const router = await this.currentRouter();
    const messages = request.messages ?? (request.prompt !== undefined ? [{ role: 'user' as const, content: request.prompt }] : []);
    if (messages.length === 0) throw new RangeError('complete: give prompt or messages');
    const runtime = await this.loadRuntime();
    try {
      return await router.ask(
        { messages, system: request.system, maxTokens: request.maxTokens, temperature: request.temperature, model: request.model },
        { strategy: this.strategyName(runtime.config), stream: request.stream, onDelta: request.onDelta, signal: request.signal, timeoutMs: request.timeoutMs, allowProvider: this.allowProvider() },
      );
    } finally {
      await runtime.recorder?.flush();
    }
  }

  /** Which target would be tried now and why, without calling a provider. */
  async explain(request: Pick<CompleteRequest, 'prompt' | 'maxTokens' | 'model'> = {}): Promise<Explanation> {
    const router = await this.currentRouter();
    const runtime = await this.loadRuntime();
    const messages = request.prompt !== undefined ? [{ role: 'user' as const, content: request.prompt }] : [];
    return router.explain(this.strategyName(runtime.config), { messages, maxTokens: request.maxTokens, model: request.model });
  }

  /** Closes the database, if this manager opened one. */
  async close(): Promise<void> {
    if (this.runtime) (await this.runtime).close();
  }

  /** Subclasses (LoadBalancer) narrow the candidates per request. */
  protected allowProvider(): ((provider: ProviderConfig) => boolean) | undefined {
    return undefined;
  }

  private strategyName(config: Config): string | undefined {
    return this.strategy || this.failover ? LIBRARY_STRATEGY : config.defaultStrategy;
  }

  private async currentRouter(): Promise<Router> {
    if (this.router) return this.router;
    const runtime = await this.loadRuntime();
    const config = this.effectiveConfig(runtime.config);
    const router = new Router({ config, state: runtime.state, adapterFor: runtime.adapterFor, priceOf: runtime.priceOf, ...this.options.router });
    if (runtime.recorder) router.on(runtime.recorder.listener);
    router.on((event) => {
      for (const listener of this.listeners) listener(event);
    });
    if (this.strategy instanceof TokenBalanceStrategy && !seeded.has(this.strategy)) {
      seeded.add(this.strategy);
      await seedTokenUsage(runtime.state, config.strategies[LIBRARY_STRATEGY], this.strategy, this.options.router?.now?.() ?? Date.now());
    }
    this.router = router;
    return router;
  }

  /** The loaded config with the library's strategy and failover settings applied (never mutated in place). */
  private effectiveConfig(base: Config): Config {
    const providers: Record<string, ProviderConfig> = {};
    for (const [name, provider] of Object.entries(base.providers)) {
      providers[name] = this.failover
        ? { ...provider, failover: { healthCheckIntervalS: this.failover.healthCheckInterval, maxFailures: this.failover.maxFailures, recoveryTimeoutS: this.failover.recoveryTimeout } }
        : provider;
    }
    const chosen = this.strategy ?? (this.failover ? new PriorityStrategy({ providers: [this.failover.primaryProvider, ...this.failover.fallbackProviders] }) : undefined);
    if (!chosen) return { ...base, providers };
    const strategy: StrategyConfig = { ...chosen.toConfig(Object.keys(providers)), where: 'library' };
    for (const target of strategy.targets) {
      if (!providers[target.provider]) throw new ConfigError(`strategy ${chosen.name ?? chosen.type}: unknown provider "${target.provider}" (configured: ${Object.keys(providers).join(', ') || 'none'})`);
    }
    // The library strategy keeps its own state namespace, whatever name the caller gave.
    return { ...base, providers, strategies: { ...base.strategies, [LIBRARY_STRATEGY]: { ...strategy, name: chosen.name ?? strategy.name } }, defaultStrategy: LIBRARY_STRATEGY };
  }

  private loadRuntime(): Promise<Runtime> {
    this.runtime ??= loadRuntime(this.options);
    return this.runtime;
  }
}

/** Token balancers whose current_usage is already counted (once, not per router rebuild). */
const seeded = new WeakSet<TokenBalanceStrategy>();

/** The key under which the library's strategy sits in the effective config. */
const LIBRARY_STRATEGY = 'library';

async function loadRuntime(options: ProviderManagerOptions): Promise<Runtime> {
  let config = options.config;
  if (!config && options.configText !== undefined) {
    const { parseConfigText } = await import('../../config/index.js');
    config = parseConfigText(options.configText, 'providers.yaml (library)', process.env);
  }
  if (!config) {
    const { loadConfig } = await import('../../config/index.js');
    config = await loadConfig({ configPath: options.configPath });
  }
  const loaded = config;
  let priceOf = options.priceOf;
  if (!priceOf) {
    const { createPriceLookup } = await import('../../pricing/index.js');
    priceOf = createPriceLookup(loaded);
  }
  // Built once per manager, shared by every router it makes as the strategy changes.
  const adapterFor = cacheAdapters(options.adapterFor ?? (async (provider: ProviderConfig) => (await import('../../providers/index.js')).createAdapter(provider)));
  if (options.state) return { config: loaded, state: options.state, priceOf, adapterFor, close: () => {} };
  if (options.dbPath !== undefined) {
    const { openStore } = await import('../../store/index.js');
    const store = await openStore({ path: options.dbPath, source: 'dbPath' });
    const { createLedgerRecorder } = await import('../../ledger/index.js');
    const recorder = createLedgerRecorder({ ledger: store.ledger, priceOf, command: 'library', strategy: null, ci: Boolean(process.env.CI), logPrompts: false });
    return { config: loaded, state: store.state, priceOf, adapterFor, close: () => store.close(), recorder };
  }
  const { MemoryStateStore } = await import('../../store/memory-state-store.js');
  return { config: loaded, state: new MemoryStateStore(), priceOf, adapterFor, close: () => {} };
}

/** TokenLoadBalancer's `current_usage`: counted into the current window once, when the balancer starts. */
async function seedTokenUsage(state: StateStore, strategy: StrategyConfig, balancer: TokenBalanceStrategy, nowMs: number): Promise<void> {
  const windowS = strategy.windowS ?? DEFAULT_TOKEN_WINDOW_S;
  for (const [provider, usedTokens] of Object.entries(balancer.initialUsage())) {
    if (usedTokens <= 0) continue;
    const key = tokenBalanceKey(strategy.name, provider);
    await state.update([key], (current) => ({ set: { [key]: recordTokens(current.get(key) as TokenWindowState | undefined, usedTokens, nowMs, windowS) }, result: undefined }));
  }
}
