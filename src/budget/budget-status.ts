import type { BudgetConfig, Config, OnExceed } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import type { CostLedger } from '../spec/ledger.js';
import { civilTimeOf, dayLabel, localTimeZone, monthLabel, monthRange, startOfDay, startOfNextDay } from '../shared/time-zone.js';

export type BudgetPeriod = 'daily' | 'monthly';

/** One configured limit (global or one provider's, daily or monthly) and where spend stands against it. */
export interface BudgetStatus {
  /** `global.daily`, `global.monthly`, `providers.<name>.daily`, `providers.<name>.monthly`. */
  budget: string;
  /** null for the global budget. */
  provider: string | null;
  period: BudgetPeriod;
  /** The calendar day (`YYYY-MM-DD`) or month (`YYYY-MM`) in the budget's time zone. */
  periodLabel: string;
  sinceMs: number;
  untilMs: number;
  spentUsd: number;
  limitUsd: number;
  /** Fraction of the limit at which the alert fires. */
  threshold: number;
  /** spent / limit. */
  fraction: number;
  /** Attempts in the period with unknown prices: their spend is not in `spentUsd`. */
  unpricedRequests: number;
  /** `alert` from threshold x limit, `exceeded` from the limit itself. */
  state: 'ok' | 'alert' | 'exceeded';
  onExceed: OnExceed;
  alertCommand?: string;
  alertWebhook?: string;
}

interface BudgetDefinition {
  budget: string;
  provider: string | null;
  period: BudgetPeriod;
  limitUsd: number;
  config: BudgetConfig;
}

/** Every configured limit, validated (a negative or non-numeric limit is a config error, exit 3). */
export function budgetDefinitions(config: Pick<Config, 'budgets'>): BudgetDefinition[] {
  const definitions: BudgetDefinition[] = [];
  const add = (prefix: string, provider: string | null, budget: BudgetConfig) => {
    const threshold = budget.alertThreshold;
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      throw new ConfigError(`${prefix}.alert_threshold: expected a number from 0 to 1, got ${JSON.stringify(threshold)}`);
    }
    for (const [period, limitUsd, key] of [
      ['daily', budget.dailyBudgetUsd, 'daily_budget'],
      ['monthly', budget.monthlyBudgetUsd, 'monthly_budget'],
    ] as const) {
      if (limitUsd === undefined) continue;
      // 0 is allowed: "spend nothing" (with block or local_only, only local providers serve).
      if (typeof limitUsd !== 'number' || !Number.isFinite(limitUsd) || limitUsd < 0) {
        throw new ConfigError(`${prefix}.${key}: expected a non-negative number of USD, got ${JSON.stringify(limitUsd)}`);
      }
      definitions.push({ budget: `${prefix.replace(/^budgets\./, '')}.${period}`, provider, period, limitUsd, config: budget });
    }
  };
  if (config.budgets?.global) add('budgets.global', null, config.budgets.global);
  for (const [provider, budget] of Object.entries(config.budgets?.providers ?? {})) add(`budgets.providers.${provider}`, provider, budget);
  return definitions;
}

export function hasBudgets(config: Pick<Config, 'budgets'>): boolean {
  const budgets = config.budgets;
  if (!budgets) return false;
  const any = (budget: BudgetConfig | undefined) => budget !== undefined && (budget.dailyBudgetUsd !== undefined || budget.monthlyBudgetUsd !== undefined);
  return any(budgets.global) || Object.values(budgets.providers ?? {}).some(any);
}

export function periodRange(period: BudgetPeriod, nowMs: number, timeZone: string): { sinceMs: number; untilMs: number; periodLabel: string } {
  if (period === 'daily') return { sinceMs: startOfDay(nowMs, timeZone), untilMs: startOfNextDay(nowMs, timeZone), periodLabel: dayLabel(nowMs, timeZone) };
  const civil = civilTimeOf(nowMs, timeZone);
  return { ...monthRange(civil.year, civil.month, timeZone), periodLabel: monthLabel(nowMs, timeZone) };
}

export interface BudgetStatusOptions {
  config: Pick<Config, 'budgets'>;
  ledger: CostLedger;
  /** ms since epoch. */
  now: number;
  /** IANA zone whose calendar days and months the budgets follow. Default: the local zone. */
  timeZone?: string;
}

/** Spend against every configured budget, read from the ledger (so other processes' spend counts). */
export async function budgetStatuses(options: BudgetStatusOptions): Promise<BudgetStatus[]> {
  const timeZone = options.timeZone ?? localTimeZone();
  const statuses: BudgetStatus[] = [];
  for (const definition of budgetDefinitions(options.config)) {
    const range = periodRange(definition.period, options.now, timeZone);
    const [totals] = await options.ledger.aggregateCosts({ sinceMs: range.sinceMs, untilMs: range.untilMs, by: [], provider: definition.provider ?? undefined });
    const spentUsd = totals?.costUsd ?? 0;
    const fraction = definition.limitUsd > 0 ? spentUsd / definition.limitUsd : 1;
    const threshold = definition.config.alertThreshold;
    statuses.push({
      budget: definition.budget,
      provider: definition.provider,
      period: definition.period,
      ...range,
      spentUsd,
      limitUsd: definition.limitUsd,
      threshold,
      fraction,
      unpricedRequests: totals?.unpricedRequests ?? 0,
      state: spentUsd >= definition.limitUsd ? 'exceeded' : spentUsd >= threshold * definition.limitUsd ? 'alert' : 'ok',
      onExceed: definition.config.onExceed,
      alertCommand: definition.config.alertCommand,
      alertWebhook: definition.config.alertWebhook,
    });
  }
  return statuses;
}

/** "global daily budget" / "openai monthly budget", for messages. */
export function budgetTitle(status: Pick<BudgetStatus, 'provider' | 'period'>): string {
  return `${status.provider ?? 'global'} ${status.period} budget`;
}
