import { Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { Config } from '../spec/config.js';
import type { Ledger } from '../spec/ledger.js';
import type { StateStore } from '../spec/state.js';
import { circuitSettingsOf, readCircuit, type CircuitStatus } from '../resilience/circuit-breaker.js';
import { loadHealth } from '../health/health-state.js';
import { periodStartMs, type BudgetPeriod } from '../health/periods.js';
import { PrecountedHistogram } from './ledger-histogram.js';

/** Bucket bounds of provider_response_time_seconds: LLM calls run from tens of ms to minutes. */
export const RESPONSE_TIME_BUCKETS_S: readonly number[] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** provider_circuit_state values: a number so it can be alerted on (`provider_circuit_state == 2`). */
export const CIRCUIT_STATE_VALUE: Readonly<Record<CircuitStatus, number>> = { closed: 0, 'half-open': 1, open: 2 };

export interface MetricsSources {
  config: Config;
  state: StateStore;
  ledger: Ledger;
  /** Wall clock, ms since epoch. Default Date.now. */
  now?: () => number;
}

/**
 * A fresh registry per scrape, filled from the ledger and state. Counters are the ledger's all-time
 * totals, so they only grow, whichever process serves or pushes them and however often.
 */
export async function buildMetricsRegistry(sources: MetricsSources): Promise<Registry> {
  const { config, state, ledger } = sources;
  const nowMs = (sources.now ?? Date.now)();
  const registry = new Registry();
  const registers = [registry];

  const summaries = await ledger.summarizeByProvider({});
  // A provider dropped from providers.yaml keeps its history: counters must not go backwards.
  const providers = [...new Set([...Object.keys(config.providers), ...summaries.map((summary) => summary.provider)])].sort();
  const byProvider = new Map(summaries.map((summary) => [summary.provider, summary]));

  const requests = new Counter({ name: 'provider_requests_total', help: 'Attempts sent to each provider, by outcome (ok or error), from the ledger.', labelNames: ['provider', 'status'], registers });
  const cost = new Counter({ name: 'provider_cost_total', help: 'Known cost in USD of every attempt per provider, from the ledger (unpriced attempts add nothing).', labelNames: ['provider'], registers });
  const tokens = new Counter({ name: 'provider_tokens_total', help: 'Tokens per provider and direction (input or output), from the ledger.', labelNames: ['provider', 'direction'], registers });
  for (const provider of providers) {
    const summary = byProvider.get(provider);
    // Both statuses always appear, so an error-rate query has a series to divide even before the first error.
    requests.inc({ provider, status: 'ok' }, summary?.okRequests ?? 0);
    requests.inc({ provider, status: 'error' }, summary?.errorRequests ?? 0);
    cost.inc({ provider }, summary?.costUsd ?? 0);
    tokens.inc({ provider, direction: 'input' }, summary?.inputTokens ?? 0);
    tokens.inc({ provider, direction: 'output' }, summary?.outputTokens ?? 0);
  }

  const histogram = await ledger.latencyHistogram(RESPONSE_TIME_BUCKETS_S, {});
  const histogramByProvider = new Map(histogram.map((one) => [one.provider, one]));
  const series = providers.map((provider) => {
    const one = histogramByProvider.get(provider);
    return { labels: { provider }, cumulativeCounts: one?.cumulativeCounts ?? RESPONSE_TIME_BUCKETS_S.map(() => 0), count: one?.count ?? 0, sumS: one?.sumS ?? 0 };
  });
  registry.registerMetric(
    new PrecountedHistogram('provider_response_time_seconds', 'Latency of successful attempts per provider, in seconds, from the ledger.', RESPONSE_TIME_BUCKETS_S, series) as unknown as Metric,
  );

  const up = new Gauge({ name: 'provider_up', help: '1 when the provider is usable: configured, circuit not open, and its last health check not down; else 0.', labelNames: ['provider'], registers });
  const circuit = new Gauge({ name: 'provider_circuit_state', help: 'Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.', labelNames: ['provider'], registers });
  for (const provider of Object.values(config.providers)) {
    const view = await readCircuit(state, provider.name, circuitSettingsOf(provider.failover), nowMs);
    const health = await loadHealth(state, provider.name);
    const usable = !provider.unavailableReason && view.status !== 'open' && health?.status !== 'down' && health?.status !== 'unconfigured';
    up.set({ provider: provider.name }, usable ? 1 : 0);
    circuit.set({ provider: provider.name }, CIRCUIT_STATE_VALUE[view.status]);
  }

  const spent = new Gauge({ name: 'llmx_budget_spent_usd', help: 'Known spend in USD in the current period (local time), for all providers (scope="global") and per budgeted provider.', labelNames: ['period', 'scope'], registers });
  const limit = new Gauge({ name: 'llmx_budget_limit_usd', help: 'Configured budget in USD per period and scope; absent when no budget is set.', labelNames: ['period', 'scope'], registers });
  for (const period of ['daily', 'monthly'] as const satisfies readonly BudgetPeriod[]) {
    const periodSummaries = await ledger.summarizeByProvider({ sinceMs: periodStartMs(period, nowMs) });
    const total = periodSummaries.reduce((sum, summary) => sum + summary.costUsd, 0);
    spent.set({ period, scope: 'global' }, total);
    const globalLimit = limitOf(config.budgets.global, period);
    if (globalLimit !== undefined) limit.set({ period, scope: 'global' }, globalLimit);
    for (const [provider, budget] of Object.entries(config.budgets.providers)) {
      const providerLimit = limitOf(budget, period);
      if (providerLimit === undefined) continue;
      spent.set({ period, scope: provider }, periodSummaries.find((summary) => summary.provider === provider)?.costUsd ?? 0);
      limit.set({ period, scope: provider }, providerLimit);
    }
  }
  return registry;
}

function limitOf(budget: { dailyBudgetUsd?: number; monthlyBudgetUsd?: number } | undefined, period: BudgetPeriod): number | undefined {
  return period === 'daily' ? budget?.dailyBudgetUsd : budget?.monthlyBudgetUsd;
}

/** The text exposition and the content type to serve it with. */
export async function renderMetrics(sources: MetricsSources): Promise<{ text: string; contentType: string }> {
  const registry = await buildMetricsRegistry(sources);
  return { text: await registry.metrics(), contentType: registry.contentType };
}
