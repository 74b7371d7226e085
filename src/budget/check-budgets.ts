import type { Config, ProviderConfig } from '../spec/config.js';
import { BudgetExceededError } from '../spec/errors.js';
import type { CostLedger } from '../spec/ledger.js';
import { formatUsd } from '../shared/format-usd.js';
import { budgetStatuses, budgetTitle, hasBudgets, type BudgetStatus } from './budget-status.js';

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
  if (verdict.blocked && options.throwOnBlock !== false) throw verdict.blocked;
  return verdict;
}
