import type { StrategyConfig, StrategyTarget, StrategyType } from '../../spec/config.js';

/**
 * The seed's strategy objects for the library API. Each one only describes a StrategyConfig; the
 * Router does the selecting, so the library and the CLI route identically.
 */
export abstract class SelectionStrategy {
  abstract readonly type: StrategyType;
  /** Names the strategy's shared state (`rr:<name>`, ...). Default `library-<type>`. */
  readonly name: string | undefined;
  constructor(name?: string) {
    this.name = name;
  }
  /** The strategy over `targets`, or over `allProviders` (in config order) when it lists none. */
  toConfig(allProviders: readonly string[]): StrategyConfig {
    const targets = this.targets();
    return {
      name: this.name ?? `library-${this.type}`,
      type: this.type,
      targets: targets.length > 0 ? targets : allProviders.map((provider) => ({ provider })),
      ...this.extra(),
    };
  }
  protected abstract targets(): StrategyTarget[];
  protected extra(): Partial<StrategyConfig> {
    return {};
  }
}

export interface ProvidersOption {
  /** Provider names in order; default every configured provider. */
  providers?: string[];
  /** State namespace; default `library-<type>`. */
  name?: string;
}

/** A strategy over a plain list of providers. */
export abstract class ProviderListStrategy<Options extends ProvidersOption = ProvidersOption> extends SelectionStrategy {
  constructor(protected readonly options: Options = {} as Options) {
    super(options.name);
  }
  protected targets(): StrategyTarget[] {
    return (this.options.providers ?? []).map((provider) => ({ provider }));
  }
}

/** Tries `providers` in order (the seed's primary + fallbacks). */
export class PriorityStrategy extends ProviderListStrategy<ProvidersOption & { model?: string }> {
  readonly type = 'priority' as const;
  protected override targets(): StrategyTarget[] {
    return (this.options.providers ?? []).map((provider, index) => (index === 0 && this.options.model ? { provider, model: this.options.model } : { provider }));
  }
}

/** Strict rotation across calls (and processes, with a shared database). */
export class RoundRobinStrategy extends ProviderListStrategy {
  readonly type = 'round_robin' as const;
}

/** Smooth weighted rotation: `{ openai: 0.5, anthropic: 0.3, ollama: 0.2 }` (positive weights, any scale). */
export class WeightedRoundRobinStrategy extends SelectionStrategy {
  readonly type = 'weighted_round_robin' as const;
  constructor(private readonly options: { providers: Record<string, number>; name?: string }) {
    super(options.name);
    for (const [provider, weight] of Object.entries(options.providers)) {
      if (!(typeof weight === 'number' && weight > 0 && Number.isFinite(weight))) {
        throw new RangeError(`WeightedRoundRobinStrategy: weight of ${provider} must be a positive number, got ${String(weight)}`);
      }
    }
  }
  protected targets(): StrategyTarget[] {
    return Object.entries(this.options.providers).map(([provider, weight]) => ({ provider, weight }));
  }
}

/** The cheapest target for each request from the price table and its estimated tokens. */
export class LeastCostStrategy extends ProviderListStrategy {
  readonly type = 'least_cost' as const;
}

/** The lowest recent latency, exploring others `explorationRate` of the time (default 0.05). */
export class PerformanceBasedStrategy extends ProviderListStrategy<ProvidersOption & { explorationRate?: number }> {
  readonly type = 'performance_based' as const;
  protected override extra(): Partial<StrategyConfig> {
    return this.options.explorationRate !== undefined ? { explorationRate: this.options.explorationRate } : {};
  }
}

/** The fewest in-flight requests (leases shared across processes with a database). */
export class LeastConnectionsStrategy extends ProviderListStrategy {
  readonly type = 'least_connections' as const;
}

/** Allowance per provider per window; `max_tokens` as in the seed, or `maxTokens`. */
export interface TokenAllowance {
  max_tokens?: number;
  maxTokens?: number;
  /** Tokens already used in the current window when the balancer starts. Default 0. */
  current_usage?: number;
  currentUsage?: number;
}

/** The most remaining share of its token allowance in the current window (default 60 s). */
export class TokenBalanceStrategy extends SelectionStrategy {
  readonly type = 'token_balance' as const;
  constructor(private readonly options: { providers: Record<string, TokenAllowance>; windowS?: number; name?: string }) {
    super(options.name);
    for (const [provider, allowance] of Object.entries(options.providers)) {
      const maxTokens = allowance.maxTokens ?? allowance.max_tokens;
      if (!(typeof maxTokens === 'number' && maxTokens > 0)) throw new RangeError(`TokenBalanceStrategy: max_tokens of ${provider} must be a positive number`);
    }
  }
  protected targets(): StrategyTarget[] {
    return Object.entries(this.options.providers).map(([provider, allowance]) => ({ provider, maxTokens: allowance.maxTokens ?? allowance.max_tokens }));
  }
  protected override extra(): Partial<StrategyConfig> {
    return this.options.windowS !== undefined ? { windowS: this.options.windowS } : {};
  }
  /** Usage to seed the current window with, per provider. */
  initialUsage(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.options.providers).map(([provider, allowance]) => [provider, allowance.currentUsage ?? allowance.current_usage ?? 0]));
  }
}
