import { randomUUID } from 'node:crypto';
import type { ChatResult } from '../spec/chat.js';
import type { Config, ProviderConfig, ProviderType } from '../spec/config.js';
import { UsageError } from '../spec/errors.js';
import type { AttemptRecord, Ledger, PriceLookup } from '../spec/ledger.js';
import type { StateStore } from '../spec/state.js';
import { circuitSettingsOf, readCircuit, recordCircuitFailure, recordCircuitSuccess, type CircuitStatus } from '../resilience/circuit-breaker.js';
import { recordLatencySample } from '../resilience/latency-stats.js';
import { attemptCostFields } from '../pricing/attempt-cost-fields.js';
import { attemptPrices } from '../pricing/attempt-prices.js';
import { HealthChecker, type HealthCheckResult } from './health-checker.js';
import { saveHealth } from './health-state.js';
import { percentile } from '../shared/percentile.js';
import { HOUR_MS, periodStartMs } from './periods.js';
import { providerCheck, type AdapterFactory } from './provider-check.js';
import { DEFAULT_CHECK_TIMEOUT_MS, type HealthStatus } from './status.js';

export interface CircuitSummary {
  status: CircuitStatus;
  /** Open: ms until its probe may go; 0 otherwise. */
  retryInMs: number;
  consecutiveFailures: number;
}

/** One provider's row in `health`, the dashboard and `health --json`. */
export interface ProviderHealth {
  name: string;
  type: ProviderType;
  status: HealthStatus;
  /** This check's latency; null when it was not checked (unconfigured). */
  latencyMs: number | null;
  /** What was called, e.g. "GET /v1/models". */
  check: string | null;
  circuit: CircuitSummary;
  /** This check's error; when it passed but the circuit is open or half-open, the failure that tripped it. */
  error: string | null;
  /** Last hour's successful-attempt latency percentiles from the ledger; null without samples. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** Last hour's failed share of attempts (0..1); null without attempts. */
  errorRate: number | null;
  requestsToday: number;
  /** Known cost today (local time); unpriced attempts add nothing. */
  costTodayUsd: number;
  checkedAtMs: number;
}

export interface CheckProvidersOptions {
  config: Config;
  state: StateStore;
  ledger: Ledger;
  /** Limit the check to these providers (by name). Default: every configured provider. */
  providers?: readonly string[];
  /** One-token completion on the provider's first model instead of its cheapest authenticated call. Default false. */
  deep?: boolean;
  /** Per-check bound in ms; a provider still silent then is down. Default: 5000, or the provider's timeout_ms when shorter. */
  timeoutMs?: number;
  /** Latency in ms above which an answering provider is degraded. Default 2000. */
  degradedLatencyMs?: number;
  /** Default: the real adapters (`createAdapter`, imported on first use). */
  adapterFor?: AdapterFactory;
  /** Prices deep checks' tokens for the ledger. Default: no ledger row for deep checks. */
  priceOf?: PriceLookup;
  /** Wall clock, ms since epoch. Default Date.now. */
  now?: () => number;
  /** Feed results into the circuit breaker, latency statistics and `health:<provider>` state. Default true. */
  feedRouting?: boolean;
}

/** Checks the selected providers at once and joins each verdict with its circuit and ledger figures. */
export async function checkProviders(options: CheckProvidersOptions): Promise<ProviderHealth[]> {
  const now = options.now ?? Date.now;
  const selected = selectProviders(options.config, options.providers);
  const adapterFor = options.adapterFor ?? defaultAdapterFactory;
  const completions: Array<{ provider: ProviderConfig; model: string; result: ChatResult; startedAtMs: number }> = [];
  const checker = new HealthChecker({ degradedLatencyMs: options.degradedLatencyMs, now });
  const checkable = selected.filter((provider) => !provider.unavailableReason && !(options.deep && provider.models.length === 0));
  const adapters = await Promise.allSettled(checkable.map((provider) => adapterFor(provider)));
  checkable.forEach((provider, index) => {
    const adapter = adapters[index];
    const timeoutMs = options.timeoutMs ?? Math.min(DEFAULT_CHECK_TIMEOUT_MS, provider.timeoutMs);
    if (adapter.status === 'rejected') {
      checker.register(provider.name, () => Promise.reject(adapter.reason), { timeoutMs });
      return;
    }
    const startedAtMs = now();
    checker.register(
      provider.name,
      providerCheck(provider, { deep: Boolean(options.deep), adapter: adapter.value, onCompletion: (result, model) => completions.push({ provider, model, result, startedAtMs }) }),
      { timeoutMs },
    );
  });
  const results = new Map((await checker.check()).map((result) => [result.name, result]));

  if (options.feedRouting !== false) {
    for (const provider of checkable) await feedRouting(options.state, provider, results.get(provider.name)!, Boolean(options.deep), now());
  }
  if (options.priceOf) {
    for (const completion of completions) await options.ledger.insert(deepCheckRecord(completion, options.priceOf));
  }

  const nowMs = now();
  const lastHour = new Map((await options.ledger.summarizeByProvider({ sinceMs: nowMs - HOUR_MS })).map((summary) => [summary.provider, summary]));
  const today = new Map((await options.ledger.summarizeByProvider({ sinceMs: periodStartMs('daily', nowMs) })).map((summary) => [summary.provider, summary]));
  const rows: ProviderHealth[] = [];
  for (const provider of selected) {
    const result = results.get(provider.name);
    const view = await readCircuit(options.state, provider.name, circuitSettingsOf(provider.failover), nowMs);
    const sorted = [...(await options.ledger.latencySamples({ sinceMs: nowMs - HOUR_MS, provider: provider.name }))].sort((a, b) => a - b);
    const hour = lastHour.get(provider.name);
    const hourAttempts = (hour?.okRequests ?? 0) + (hour?.errorRequests ?? 0);
    const day = today.get(provider.name);
    const unconfiguredReason = provider.unavailableReason ?? (result ? undefined : `no model configured for --deep`);
    rows.push({
      name: provider.name,
      type: provider.type,
      status: result ? result.status : 'unconfigured',
      latencyMs: result ? result.latencyMs : null,
      check: result?.check ?? null,
      circuit: { status: view.status, retryInMs: view.status === 'open' ? view.retryInMs : 0, consecutiveFailures: view.consecutiveFailures },
      // The check's own error first; else why the circuit is not closed (the router's last failure).
      error: result ? (result.error ?? (view.status === 'closed' ? null : (view.lastError ?? null))) : (unconfiguredReason ?? null),
      p50Ms: roundOrNull(percentile(sorted, 0.5)),
      p95Ms: roundOrNull(percentile(sorted, 0.95)),
      errorRate: hourAttempts === 0 ? null : (hour?.errorRequests ?? 0) / hourAttempts,
      requestsToday: (day?.okRequests ?? 0) + (day?.errorRequests ?? 0),
      costTodayUsd: day?.costUsd ?? 0,
      checkedAtMs: result?.checkedAtMs ?? nowMs,
    });
  }
  return rows;
}

function selectProviders(config: Config, names: readonly string[] | undefined): ProviderConfig[] {
  if (!names || names.length === 0) return Object.values(config.providers);
  const known = Object.keys(config.providers);
  return [...new Set(names)].map((name) => {
    const provider = config.providers[name];
    if (!provider) throw new UsageError(`--provider ${name}: no such provider (configured: ${known.length ? known.join(', ') : 'none'})`);
    return provider;
  });
}

/**
 * A down check is one more consecutive failure for the breaker; an answering check closes a
 * closed-with-failures or half-open circuit, but an open circuit waits for its probe time (a model
 * list answering does not prove completions work again). Only deep checks feed the latency average:
 * a model-list call's speed says little about a completion's. A 429/529 leaves both alone.
 */
async function feedRouting(state: StateStore, provider: ProviderConfig, result: HealthCheckResult, deep: boolean, nowMs: number): Promise<void> {
  await saveHealth(state, provider.name, { status: result.status, checkedAtMs: result.checkedAtMs, latencyMs: result.latencyMs, error: result.error });
  const settings = circuitSettingsOf(provider.failover);
  if (result.status === 'down') {
    await recordCircuitFailure(state, provider.name, settings, nowMs, result.errorClass ?? 'other', `health check: ${result.error ?? 'down'}`);
    await recordLatencySample(state, provider.name, { ok: false }, nowMs);
    return;
  }
  if (result.errorClass) return; // degraded by pushback: the provider answered, but not with a verdict
  // Closes a half-open circuit; an open one waits for its recovery timeout (see recordSuccess).
  await recordCircuitSuccess(state, provider.name, settings, nowMs);
  if (deep) await recordLatencySample(state, provider.name, { ok: true, latencyMs: result.latencyMs, ttftMs: null }, nowMs);
}

function deepCheckRecord(completion: { provider: ProviderConfig; model: string; result: ChatResult; startedAtMs: number }, priceOf: PriceLookup): AttemptRecord {
  const { provider, model, result } = completion;
  return {
    requestId: randomUUID(),
    attempt: 1,
    startedAtMs: completion.startedAtMs,
    command: 'health',
    strategy: null,
    provider: provider.name,
    modelRequested: model,
    modelAnswered: result.model,
    status: 'ok',
    errorClass: null,
    httpStatus: null,
    errorMessage: null,
    latencyMs: result.latencyMs,
    ttftMs: result.ttftMs,
    ...attemptCostFields(result.usage, attemptPrices(priceOf, provider.name, model, result.model)),
    ci: Boolean(process.env.CI),
    tags: {},
    runId: null,
    promptText: null,
    responseText: null,
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

async function defaultAdapterFactory(provider: ProviderConfig) {
  const { createAdapter } = await import('../providers/index.js');
  return createAdapter(provider);
}
