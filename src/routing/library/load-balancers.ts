import type { ProviderConfig } from '../../spec/config.js';
import { ProviderManager, type ProviderManagerOptions } from './provider-manager.js';
import { LeastConnectionsStrategy, RoundRobinStrategy, TokenBalanceStrategy, type TokenAllowance } from './strategies.js';

/** Anything that knows each provider's last health status, e.g. llmx's HealthChecker. */
export interface HealthSource {
  lastResults(): ReadonlyArray<{ name: string; status: string }>;
}

export interface LoadBalancerOptions extends ProviderManagerOptions {
  providers: string[];
  /** Default least_connections. */
  algorithm?: 'least_connections' | 'round_robin';
  /** Providers whose last check was `down` are left out while another can serve. */
  healthChecker?: HealthSource;
}

/** The seed's LoadBalancer: least connections (or round robin) over `providers`, honouring health checks. */
export class LoadBalancer extends ProviderManager {
  private readonly healthChecker?: HealthSource;
  private readonly providerNames: string[];

  constructor(options: LoadBalancerOptions) {
    super(options);
    this.providerNames = options.providers;
    this.healthChecker = options.healthChecker;
    const name = `library-lb-${options.algorithm ?? 'least_connections'}`;
    this.setStrategy(options.algorithm === 'round_robin' ? new RoundRobinStrategy({ providers: options.providers, name }) : new LeastConnectionsStrategy({ providers: options.providers, name }));
  }

  protected override allowProvider(): ((provider: ProviderConfig) => boolean) | undefined {
    if (!this.healthChecker) return undefined;
    const down = new Set(this.healthChecker.lastResults().filter((result) => result.status === 'down').map((result) => result.name));
    // If every provider is down by its last check, try them anyway rather than refuse outright.
    if (this.providerNames.every((provider) => down.has(provider))) return undefined;
    return (provider) => !down.has(provider.name);
  }
}

export interface TokenLoadBalancerOptions extends ProviderManagerOptions {
  /** `{ openai: { max_tokens: 100000, current_usage: 0 }, ... }`. */
  providers: Record<string, TokenAllowance>;
  /** Window length in seconds. Default 60. */
  windowS?: number;
}

/** The seed's TokenLoadBalancer: the provider with the most remaining share of its allowance in this window. */
export class TokenLoadBalancer extends ProviderManager {
  constructor(options: TokenLoadBalancerOptions) {
    super(options);
    this.setStrategy(new TokenBalanceStrategy({ providers: options.providers, windowS: options.windowS, name: 'library-token-balance' }));
  }
}
