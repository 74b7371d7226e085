/**
 * "Today" and "this month" in the machine's local time zone, as a person reading `health` means them
 * (tests pin TZ=UTC). Budgets use the same boundaries so the dashboard's bar agrees with `costs`.
 */
export type BudgetPeriod = 'daily' | 'monthly';

export function periodStartMs(period: BudgetPeriod, nowMs: number): number {
  const date = new Date(nowMs);
  if (period === 'monthly') return new Date(date.getFullYear(), date.getMonth(), 1).getTime();
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export const HOUR_MS = 3_600_000;
