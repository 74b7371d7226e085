// The library entry: `import { ProviderManager, RoundRobinStrategy, ... } from "llmx"`.
// The CLI is built on exactly these pieces.
export * from './spec/index.js';

// Routing core: the seed's classes and the router beneath them.
export {
  Router,
  createDebugLog,
  ProviderManager,
  FailoverConfig,
  LoadBalancer,
  TokenLoadBalancer,
  RoundRobinStrategy,
  WeightedRoundRobinStrategy,
  LeastCostStrategy,
  PerformanceBasedStrategy,
  LeastConnectionsStrategy,
  TokenBalanceStrategy,
  PriorityStrategy,
  type AskOptions,
  type RoutedResult,
  type RouteRequest,
  type RouterOptions,
  type Explanation,
  type CompleteRequest,
  type ProviderManagerOptions,
  type LoadBalancerOptions,
  type TokenLoadBalancerOptions,
} from './routing/index.js';

// Adapters, configuration, state and ledger.
export { createAdapter, estimateTokens } from './providers/index.js';
export { loadConfig, parseConfigText, redactConfig } from './config/index.js';
export { openStore, defaultDbPath, MemoryStateStore, type Store } from './store/index.js';

// Cost and budgets.
export { createPriceLookup, costUsd, PRICES_AS_OF } from './pricing/index.js';
export { CostTracker, createLedgerRecorder, type CostReport } from './ledger/index.js';
export { BudgetAlert, checkBudgets, fireBudgetAlerts } from './budget/index.js';

// Health.
export { HealthChecker, checkProviders } from './health/index.js';

// The simulator, for tests and experiments without keys or network.
export { startSimulator, demoSimConfig, loadSimConfig, type SimConfig, type SimProviderSpec, type RunningSimulator } from './sim/index.js';
