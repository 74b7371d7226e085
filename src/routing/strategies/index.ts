import type { StrategyType } from '../../spec/config.js';
import { leastConnectionsStrategy } from './least-connections.js';
import { leastCostStrategy } from './least-cost.js';
import { performanceBasedStrategy } from './performance-based.js';
import { priorityStrategy } from './priority.js';
import { roundRobinStrategy } from './round-robin.js';
import { tokenBalanceStrategy } from './token-balance.js';
import type { Strategy } from './types.js';
import { weightedRoundRobinStrategy } from './weighted-round-robin.js';

export const strategies: Record<StrategyType, Strategy> = {
  priority: priorityStrategy,
  round_robin: roundRobinStrategy,
  weighted_round_robin: weightedRoundRobinStrategy,
  least_cost: leastCostStrategy,
  performance_based: performanceBasedStrategy,
  least_connections: leastConnectionsStrategy,
  token_balance: tokenBalanceStrategy,
};

export function strategyFor(type: StrategyType): Strategy {
  return strategies[type];
}

export type { ResolvedTarget, Strategy, StrategyContext } from './types.js';
