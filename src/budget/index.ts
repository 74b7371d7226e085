export { BudgetAlert, type BudgetAlertOptions, type BudgetCheck } from './budget-alert.js';
export { budgetStatuses, budgetTitle, hasBudgets, type BudgetPeriod, type BudgetStatus, type BudgetStatusOptions } from './budget-status.js';
export { checkBudgets, type BudgetVerdict, type CheckBudgetsOptions } from './check-budgets.js';
export { alertEnv, fireBudgetAlerts, runShellCommand, type BudgetAlertEvent, type FireBudgetAlertsOptions } from './fire-budget-alerts.js';
