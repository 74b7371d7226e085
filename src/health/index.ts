export { HealthChecker, type CheckReport, type HealthCheckFn, type HealthCheckResult, type HealthCheckerOptions, type RegisterOptions, type ScheduleOptions } from './health-checker.js';
export { checkProviders, type CheckProvidersOptions, type CircuitSummary, type ProviderHealth } from './check-providers.js';
export { providerCheck, DEEP_CHECK_PROMPT, type AdapterFactory, type ProviderCheckOptions } from './provider-check.js';
export { classifyCheck, isFailing, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_DEGRADED_LATENCY_MS, HEALTH_STATUSES, type HealthStatus } from './status.js';
export { healthKey, loadHealth, saveHealth, type StoredHealth } from './health-state.js';
export { periodStartMs, type BudgetPeriod } from './periods.js';
export { tightestBudget, type BudgetGauge } from './budget-gauge.js';
export { renderHealthTable, renderHealthLine, toJsonRow, msCell, formatRate, formatCircuit, type HealthTableOptions, type ProviderHealthJson } from './render.js';
export { scheduleProviderChecks, type ScheduleProviderChecksOptions } from './schedule-provider-checks.js';
