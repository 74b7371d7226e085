// The routing core's public surface: the CLI commands and src/index.ts import from here.
export { Router, type AskOptions, type Explanation, type RoutedResult, type RouteRequest, type RouterOptions } from './router.js';
export { detailLine } from './attempt-lines.js';
export { createDebugLog } from './debug-log.js';
export { findStrategy, resolveTargets, singleProviderStrategy } from './resolve-targets.js';
export type { TargetStatus } from './target-status.js';
export { strategies, strategyFor, type ResolvedTarget, type Strategy, type StrategyContext } from './strategies/index.js';
export {
  LeastConnectionsStrategy,
  LeastCostStrategy,
  PerformanceBasedStrategy,
  PriorityStrategy,
  RoundRobinStrategy,
  SelectionStrategy,
  TokenBalanceStrategy,
  WeightedRoundRobinStrategy,
  type ProvidersOption,
  type TokenAllowance,
} from './library/strategies.js';
export { FailoverConfig, ProviderManager, type CompleteRequest, type ProviderManagerOptions } from './library/provider-manager.js';
export { LoadBalancer, TokenLoadBalancer, type HealthSource, type LoadBalancerOptions, type TokenLoadBalancerOptions } from './library/load-balancers.js';
