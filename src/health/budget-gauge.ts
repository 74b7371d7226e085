import type { Config } from '../spec/config.js';
import type { Ledger } from '../spec/ledger.js';
import { periodStartMs, type BudgetPeriod } from './periods.js';

/** The budget closest to its limit: what the dashboard's header bar shows. */
export interface BudgetGauge {
  /** e.g. "global daily", "openai monthly". */
  label: string;
  spentUsd: number;
  limitUsd: number;
}

/** Every configured budget, measured against the ledger; the one with the highest spent/limit share wins. */
export async function tightestBudget(config: Config, ledger: Ledger, nowMs: number): Promise<BudgetGauge | null> {
  const scopes: Array<{ scope: string; provider?: string; daily?: number; monthly?: number }> = [];
  if (config.budgets.global) scopes.push({ scope: 'global', daily: config.budgets.global.dailyBudgetUsd, monthly: config.budgets.global.monthlyBudgetUsd });
  for (const [provider, budget] of Object.entries(config.budgets.providers)) scopes.push({ scope: provider, provider, daily: budget.dailyBudgetUsd, monthly: budget.monthlyBudgetUsd });
  let tightest: BudgetGauge | null = null;
  for (const period of ['daily', 'monthly'] as const satisfies readonly BudgetPeriod[]) {
    const relevant = scopes.filter((scope) => (period === 'daily' ? scope.daily : scope.monthly) !== undefined);
    if (relevant.length === 0) continue;
    const summaries = await ledger.summarizeByProvider({ sinceMs: periodStartMs(period, nowMs) });
    for (const scope of relevant) {
      const limitUsd = (period === 'daily' ? scope.daily : scope.monthly)!;
      const spentUsd = summaries.filter((summary) => scope.provider === undefined || summary.provider === scope.provider).reduce((sum, summary) => sum + summary.costUsd, 0);
      const gauge = { label: `${scope.scope} ${period}`, spentUsd, limitUsd };
      if (!tightest || share(gauge) > share(tightest)) tightest = gauge;
    }
  }
  return tightest;
}

function share(gauge: BudgetGauge): number {
  return gauge.limitUsd > 0 ? gauge.spentUsd / gauge.limitUsd : Number.POSITIVE_INFINITY;
}
