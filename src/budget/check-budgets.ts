import type { Config, ProviderConfig } from '../spec/config.js';
import { BudgetExceededError } from '../spec/errors.js';
import type { CostLedger, PriceLookup } from '../spec/ledger.js';
import { formatUsd } from '../shared/format-usd.js';
import { attemptPrices } from '../pricing/attempt-prices.js';
import { budgetDefinitions, budgetStatuses, budgetTitle, hasBudgets, type BudgetStatus } from './budget-status.js';

export interface BudgetVerdict {
  /** A global budget with on_exceed: block is used up: nothing may spend. Thrown unless throwOnBlock is false. */
  blocked: BudgetExceededError | null;
  /** A global budget with on_exceed: local_only is used up: only zero-cost (local) providers may serve. */
  localOnly: boolean;
  /** Providers whose own budget (block or local_only) is used up: skip them. */
  excludedProviders: string[];
  /** Lines for stderr (exceeded `warn` budgets, exclusions, unpriced spend the budgets cannot see). */
  warnings: string[];
  statuses: BudgetStatus[];
  /** Whether a provider may serve under this verdict: the router's `allowProvider`. */
  allowProvider(provider: Pick<ProviderConfig, 'name' | 'local'>): boolean;
  /**
   * Why a target may not serve (the router's `excludeTarget`): its model has no price while a
   * blocking budget (block or local_only) covers its provider, so its spend could not be counted.
   * Null when it may. `budgets.allow_unpriced: true` lets every such target serve.
   */
  excludeTarget(provider: Pick<ProviderConfig, 'name' | 'local'>, model: string): string | null;
}

export interface CheckBudgetsOptions {
  config: Pick<Config, 'budgets'>;
  ledger: CostLedger;
  /** ms since epoch. */
  now: number;
  /** IANA zone of the budgets' days and months. Default: the local zone. */
  timeZone?: string;
  /** Throw the BudgetExceededError (exit 5) when blocked, rather than only returning it. Default true. */
  throwOnBlock?: boolean;
  /** Prices, for the unpriced-under-a-blocking-budget rule. Default: that rule is off. */
  priceOf?: PriceLookup;
}

/**
 * The guard `ask` and `bench` run BEFORE spending. A budget is used up when its spend reaches its limit;
 * then on_exceed decides: warn (a warning, every time), block (global: refuse, exit 5; per provider:
 * skip that provider), local_only (only providers that cost nothing may serve).
 * Spend is what the ledger knows, so rows written by concurrent processes count.
 */
export async function checkBudgets(options: CheckBudgetsOptions): Promise<BudgetVerdict> {
  const verdict: BudgetVerdict = {
    blocked: null,
    localOnly: false,
    excludedProviders: [],
    warnings: [],
    statuses: [],
    allowProvider: () => true,
    excludeTarget: () => null,
  };
  if (!hasBudgets(options.config)) return verdict;
  verdict.statuses = await budgetStatuses(options);
  let unpriced = 0;
  for (const status of verdict.statuses) {
    unpriced = Math.max(unpriced, status.unpricedRequests);
    if (status.state !== 'exceeded') continue;
    const spent = `${formatUsd(status.spentUsd)} spent of its ${formatUsd(status.limitUsd)} limit for ${status.periodLabel}`;
    if (status.onExceed === 'warn') {
      verdict.warnings.push(`${budgetTitle(status)} exceeded: ${spent}`);
    } else if (status.provider !== null) {
      if (!verdict.excludedProviders.includes(status.provider)) verdict.excludedProviders.push(status.provider);
      verdict.warnings.push(`${budgetTitle(status)} exceeded: ${spent}; ${status.provider} is skipped (on_exceed: ${status.onExceed})`);
    } else if (status.onExceed === 'block') {
      verdict.blocked ??= new BudgetExceededError(`${budgetTitle(status)} exceeded: ${spent} (on_exceed: block)`);
    } else {
      verdict.localOnly = true;
      verdict.warnings.push(`${budgetTitle(status)} exceeded: ${spent}; only local providers may serve (on_exceed: local_only)`);
    }
  }
  if (unpriced > 0) verdict.warnings.push(`${unpriced} attempt(s) this period have unknown prices and are not counted against budgets`);
  const excluded = new Set(verdict.excludedProviders);
  const localOnly = verdict.localOnly;
  verdict.allowProvider = (provider) => (provider.local ? true : !localOnly && !excluded.has(provider.name));
  const { priceOf } = options;
  if (priceOf && !options.config.budgets.allowUnpriced) {
    const blocking = budgetDefinitions(options.config).filter((definition) => definition.config.onExceed !== 'warn');
    verdict.excludeTarget = (provider, model) => {
      if (provider.local) return null;
      const budget = blocking.find((definition) => definition.provider === null || definition.provider === provider.name);
      if (!budget || attemptPrices(priceOf, provider.name, model, null) !== null) return null;
      return (
        `no price is known for ${provider.name}/${model}, so the ${budget.budget.replace('.', ' ')} budget (on_exceed: ${budget.config.onExceed}) could not count it; ` +
        'price it under pricing: in providers.yaml or with llmx prices import, or set budgets.allow_unpriced: true'
      );
    };
  }
  if (verdict.blocked && options.throwOnBlock !== false) throw verdict.blocked;
  return verdict;
}
