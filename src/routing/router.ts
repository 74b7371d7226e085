import { randomUUID } from 'node:crypto';
import { abortableSleep } from '../resilience/retry.js';
import type { ProviderAdapter } from '../spec/adapter.js';
import { DEFAULT_MAX_TOKENS, type ChatResult } from '../spec/chat.js';
import { DEFAULT_ON_ERROR, type Config, type ProviderConfig, type StrategyConfig } from '../spec/config.js';
import { AllAttemptsFailedError, BudgetExceededError, ConfigError, InterruptedError, RequestStoppedError, type AttemptSummary } from '../spec/errors.js';
import type { RouterEvent, RouterEventListener, RoutingDecision, Target } from '../spec/events.js';
import type { PriceLookup } from '../spec/ledger.js';
import type { StateStore } from '../spec/state.js';
import { formatSeconds } from '../shared/format-duration.js';
import { warn } from '../shared/warning.js';
import { requestCharacters, roughTokenCount } from '../shared/token-estimates.js';
import { cacheAdapters, type AdapterFactory } from './adapter-cache.js';
import { detailLine, skipped } from './attempt-lines.js';
import { AttemptExecutor, newJobCounters, type AttemptJob, type JobRequest } from './attempt/executor.js';
import { ROUTER_STEPS } from './attempt/state-steps.js';
import { failoverFirstReason } from './failover-first.js';
import { findStrategy, resolveTargets, singleProviderStrategy } from './resolve-targets.js';
import { strategyFor } from './strategies/index.js';
import type { ResolvedTarget, StrategyContext } from './strategies/types.js';
import { readTargetStatus, type TargetStatus } from './target-status.js';

export interface RouterOptions {
  config: Config;
  state: StateStore;
  /** Builds (once per provider; the router caches it) the adapter for a provider. */
  adapterFor: (provider: ProviderConfig) => Promise<ProviderAdapter>;
  /** Unit prices for least_cost; default: every price unknown. */
  priceOf?: PriceLookup;
  /** Wall clock, ms since epoch. Default Date.now. */
  now?: () => number;
  /** Waits ms, rejecting with the signal's reason on abort. Default: a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1): backoff jitter and exploration. Default Math.random. */
  random?: () => number;
  /** First retry's nominal delay in ms (then times backoff_factor per retry). Default 500. */
  retryBaseDelayMs?: number;
  /** Longest retry-after honoured, ms; a longer one fails over at once. Default 20000. */
  maxRetryAfterMs?: number;
  /** Longest total wait for a rate-limit slot when every candidate is limited, ms. Default 30000. */
  maxWaitMs?: number;
  /** Input token estimate of a request. Default: characters / 4, rounded up. */
  estimateInputTokens?: (request: RouteRequest) => number | Promise<number>;
}

/** A chat request whose model the router fills in per target (`model`, if set, is the --model override). */
export type RouteRequest = JobRequest;

export interface AskOptions {
  /** Strategy name; default: the config's default strategy. */
  strategy?: string;
  /** A single provider instead of a strategy. */
  provider?: string;
  stream?: boolean;
  /** Called with each text delta of a stream, as it arrives. */
  onDelta?(text: string): void;
  /** Ctrl-C: aborts the call in flight and everything after (InterruptedError). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; default the provider's timeoutMs. */
  timeoutMs?: number;
  /** Longest wait for a rate-limit slot, ms; default the router's maxWaitMs. */
  maxWaitMs?: number;
  requestId?: string;
  /** Providers this request may use (e.g. a budget's local_only); others are skipped. */
  allowProvider?: (provider: ProviderConfig) => boolean;
  /**
   * Why a target may not serve this request (e.g. its model has no price under a blocking budget),
   * or null when it may. Excluded targets are skipped without a call; when none is left, the request
   * is refused as over budget (exit 5) with these reasons.
   */
  excludeTarget?: (provider: ProviderConfig, model: string) => string | null;
}

export type RoutedResult = ChatResult & {
  requestId: string;
  provider: string;
  /** The model llmx asked for (ChatResult.model is what the server answered with). */
  requestedModel: string;
  strategy: string | null;
  attempts: AttemptSummary[];
};

export interface Explanation {
  strategy: string | null;
  type: StrategyConfig['type'];
  /** The ranking, as `ask` would use it now; null when no target is usable. */
  decision: RoutingDecision | null;
  /** The first target `ask` would actually call now (skipping open circuits and limits). */
  wouldTry: Target | null;
  /** Every target: those in the decision in its order, then excluded ones. */
  targets: TargetStatus[];
}

/** The first retry's nominal delay, ms (then times backoff_factor per retry). */
const DEFAULT_RETRY_BASE_DELAY_MS = 500;

/** explain without a prompt prices a nominal request of this many input tokens. */
const NOMINAL_INPUT_TOKENS = 1000;

interface Plan {
  strategyName: string | null;
  strategy: StrategyConfig;
  usable: ResolvedTarget[];
  excluded: Array<{ target: ResolvedTarget; reason: string }>;
}

type TargetOutcome =
  | { kind: 'done'; result: RoutedResult }
  | { kind: 'next' }
  | { kind: 'deferred'; waitMs: number; message: string }
  /** Failed over first: its retry comes after the other targets. */
  | { kind: 'later'; reason: string };

/** One request in flight: its ids, attempts and what it has delivered. */
interface RequestRun extends AttemptJob {
  plan: Plan;
  /** Why the last target was left before its retries (failing over first), for the failover event. */
  failoverNote?: string;
}

/**
 * The failover loop. Asks the strategy for a ranking, then walks it: each attempt is admitted
 * (circuit, rate window, lease) and settled in one atomic StateStore update each, so concurrent
 * processes share one view. Retries have one owner here (adapters never retry).
 * Reports through RouterEvents and knows nothing of SQLite, the ledger or the UI.
 */
export class Router {
  readonly config: Config;
  private readonly state: StateStore;
  private readonly priceOf: PriceLookup;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly maxWaitMs: number;
  private readonly retryBaseDelayMs: number;
  private readonly estimateInputTokens: (request: RouteRequest) => number | Promise<number>;
  /** The adapter for a provider, built once. */
  private readonly adapter: AdapterFactory;
  /** Every attempt: admission, the call, settlement and retries. */
  private readonly executor: AttemptExecutor;
  private readonly listeners = new Set<RouterEventListener>();

  constructor(options: RouterOptions) {
    this.config = options.config;
    this.state = options.state;
    this.adapter = cacheAdapters(options.adapterFor);
    this.priceOf = options.priceOf ?? (() => null);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.estimateInputTokens = options.estimateInputTokens ?? roughInputTokens;
    this.executor = new AttemptExecutor({
      adapterFor: this.adapter,
      steps: ROUTER_STEPS,
      state: this.state,
      emit: (event) => this.emit(event),
      now: this.now,
      sleep: this.sleep,
      random: this.random,
      retryBaseDelayMs: this.retryBaseDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs,
    });
  }

  /** Subscribes to every RouterEvent; returns the unsubscribe function. */
  on(listener: RouterEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ask(request: RouteRequest, options: AskOptions = {}): Promise<RoutedResult> {
    const requestId = options.requestId ?? randomUUID();
    const plan = this.plan(options.strategy, options.provider, request.model || undefined, options.allowProvider, options.excludeTarget);
    this.checkUsable(plan);
    if (options.signal?.aborted) throw new InterruptedError();
    const inputTokens = await this.estimateInputTokens(request);
    const decision = await this.decide(plan, request, inputTokens, options.stream ?? false);
    if (!decision) throw new ConfigError(`strategy ${plan.strategy.name}: no usable provider`, plan.strategy.where);
    this.emit({ type: 'decision', requestId, decision, strategyName: plan.strategyName ?? null });
    for (const { target, reason } of plan.excluded) this.emit({ type: 'skip', requestId, target: { provider: target.provider, model: target.model }, reason });

    const strategy = strategyFor(plan.strategy.type);
    const run: RequestRun = {
      requestId,
      plan,
      request,
      stream: options.stream ?? false,
      onDelta: options.onDelta,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      inputTokens,
      settleSteps: strategy.settleStep ? [strategy.settleStep(plan.strategy)] : undefined,
      ...newJobCounters(),
    };
    if ((plan.strategy.onError ?? DEFAULT_ON_ERROR[plan.strategy.type]) === 'failover_first') {
      run.failoverFirst = (target, retryDelayMs) => this.failoverFirst(run, decision, target, retryDelayMs, inputTokens);
    }
    for (const { target, reason } of plan.excluded) run.attempts.push(skipped(target, reason));
    const deadlineMs = this.now() + (options.maxWaitMs ?? this.maxWaitMs);
    let pending: Target[] = decision.targets;
    let previous: Target | null = null;
    for (;;) {
      const deferred: Array<{ target: Target; waitMs: number; message: string }> = [];
      const retryLater: Target[] = [];
      for (const target of pending) {
        if (previous) this.emit({ type: 'failover', requestId, from: previous, to: target, reason: failoverReason(run) });
        const outcome = await this.tryTarget(run, target);
        if (outcome.kind === 'done') return outcome.result;
        if (outcome.kind === 'deferred') deferred.push({ target, waitMs: outcome.waitMs, message: outcome.message });
        if (outcome.kind === 'later') {
          retryLater.push(target);
          run.failoverNote = outcome.reason;
        }
        previous = target;
      }
      if (retryLater.length > 0) {
        // The retries put off by failing over first, each after its own wait (the executor's); then
        // whatever was rate limited, which by then may have room.
        if (previous) this.emit({ type: 'failover', requestId, from: previous, to: retryLater[0], reason: `${failoverReason(run)}; back to the retry put off` });
        pending = [...retryLater, ...deferred.map((entry) => entry.target)];
        previous = null;
        continue;
      }
      if (deferred.length === 0) break;
      // Every remaining candidate is rate limited: wait for the earliest slot, within --max-wait.
      const soonest = deferred.reduce((a, b) => (b.waitMs < a.waitMs ? b : a));
      if (this.now() + soonest.waitMs > deadlineMs) {
        const message = deferred.length === 1 ? soonest.message : `every candidate of ${plan.strategy.name} is rate limited beyond the ${formatSeconds(options.maxWaitMs ?? this.maxWaitMs)} wait limit; soonest: ${soonest.message}`;
        throw new AllAttemptsFailedError(message, run.attempts, run.attempts.map(detailLine), requestId);
      }
      await this.interruptible(() => this.sleep(Math.max(0, soonest.waitMs), options.signal), options.signal);
      pending = deferred.map((entry) => entry.target);
      previous = null;
    }
    if (previous) this.emit({ type: 'failover', requestId, from: previous, to: null, reason: failoverReason(run) });
    const tried = run.attempts.filter((attempt) => attempt.status !== 'skipped').length;
    const subject = plan.strategyName ? `strategy ${plan.strategyName}` : `provider ${plan.strategy.name}`;
    const message = tried === 0 ? `no provider of ${subject} could be tried now` : `all ${tried} attempt(s) failed for ${subject}`;
    throw new AllAttemptsFailedError(message, run.attempts, run.attempts.map(detailLine), requestId);
  }

  /** The decision and each target's live state, without calling a provider or moving a cursor. */
  async explain(which: string | { provider: string } | undefined, request: RouteRequest = { messages: [] }, options: { stream?: boolean; allowProvider?: AskOptions['allowProvider'] } = {}): Promise<Explanation> {
    const modelOverride = request.model || undefined;
    const plan = typeof which === 'object' ? this.plan(undefined, which.provider, modelOverride, options.allowProvider) : this.plan(which, undefined, modelOverride, options.allowProvider);
    const inputTokens = request.messages.length > 0 || request.system ? await this.estimateInputTokens(request) : NOMINAL_INPUT_TOKENS;
    const nowMs = this.now();
    const strategy = strategyFor(plan.strategy.type);
    const values = await this.readKeys(strategy.stateKeys(plan.strategy, plan.usable));
    // Exploration is chance; explain shows the deterministic ranking.
    const context = this.context(plan, request, inputTokens, options.stream ?? false, values, nowMs, () => 1);
    const decision = plan.usable.length > 0 ? strategy.select(context) : null;
    const estimatedTokens = inputTokens + (request.maxTokens ?? DEFAULT_MAX_TOKENS);
    const ordered = decision ? decision.targets.map((target) => plan.usable.find((entry) => entry.provider === target.provider && entry.model === target.model)!) : [];
    const statuses: TargetStatus[] = [];
    for (const target of ordered) statuses.push(await readTargetStatus(this.state, this.config.providers[target.provider], target, nowMs, estimatedTokens));
    for (const { target, reason } of plan.excluded) {
      const status = await readTargetStatus(this.state, this.config.providers[target.provider], target, nowMs, estimatedTokens);
      statuses.push({ ...status, available: false, reason });
    }
    const first = statuses.find((status) => status.available);
    const wouldTry = first ? { provider: first.provider, model: first.model } : null;
    if (decision && first && decision.targets[0].provider !== first.provider) {
      const passed = statuses.slice(0, statuses.indexOf(first)).map((status) => `${status.provider} (${status.reason})`).join(', ');
      decision.reason += `. Now: skipping ${passed}, so ${first.provider} would be tried`;
    } else if (decision && !first) {
      decision.reason += '. Now: no target is available';
    }
    return { strategy: plan.strategyName, type: plan.strategy.type, decision, wouldTry, targets: statuses };
  }

  /** Every target of a strategy in configured order with its live state (for `llmx strategies`). */
  async inspect(strategyName: string, modelOverride?: string): Promise<{ strategy: StrategyConfig; targets: TargetStatus[] }> {
    const strategy = findStrategy(this.config, strategyName);
    const targets = resolveTargets(this.config, strategy, modelOverride);
    const nowMs = this.now();
    const statuses: TargetStatus[] = [];
    for (const target of targets) statuses.push(await readTargetStatus(this.state, this.config.providers[target.provider], target, nowMs, NOMINAL_INPUT_TOKENS + DEFAULT_MAX_TOKENS));
    return { strategy, targets: statuses };
  }

  private plan(
    strategyName: string | undefined,
    providerName: string | undefined,
    modelOverride: string | undefined,
    allowProvider: AskOptions['allowProvider'],
    excludeTarget?: AskOptions['excludeTarget'],
  ): Plan {
    const { strategy, targets } = providerName !== undefined
      ? singleProviderStrategy(this.config, providerName, modelOverride)
      : (() => {
          const found = findStrategy(this.config, strategyName);
          return { strategy: found, targets: resolveTargets(this.config, found, modelOverride) };
        })();
    const usable: ResolvedTarget[] = [];
    const excluded: Plan['excluded'] = [];
    for (const target of targets) {
      const provider = this.config.providers[target.provider];
      if (provider.unavailableReason) excluded.push({ target, reason: `unavailable: ${provider.unavailableReason}` });
      else if (allowProvider && !allowProvider(provider)) excluded.push({ target, reason: 'not allowed for this request (budget on_exceed: local_only)' });
      else {
        const reason = excludeTarget?.(provider, target.model);
        if (reason) excluded.push({ target, reason: `not allowed for this request (${reason})` });
        else usable.push(target);
      }
    }
    return { strategyName: providerName !== undefined ? null : strategy.name, strategy, usable, excluded };
  }

  private checkUsable(plan: Plan): void {
    if (plan.usable.length > 0) return;
    const reasons = plan.excluded.map(({ target, reason }) => `${target.provider}: ${reason}`).join('; ');
    if (plan.excluded.some(({ reason }) => reason.startsWith('not allowed'))) {
      throw new BudgetExceededError(`strategy ${plan.strategy.name}: no provider is allowed for this request (${reasons})`);
    }
    throw new ConfigError(`strategy ${plan.strategy.name}: no usable provider (${reasons || 'no targets'})`, plan.strategy.where);
  }

  private context(plan: Plan, request: RouteRequest, inputTokens: number, stream: boolean, state: ReadonlyMap<string, unknown>, nowMs: number, random: () => number): StrategyContext {
    return {
      strategy: plan.strategy,
      targets: plan.usable,
      estimate: { inputTokens, outputTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS },
      stream,
      priceOf: this.priceOf,
      state,
      nowMs,
      random,
      retryWaitMs: (target) => this.expectedRetryWaitMs(target),
    };
  }

  /** The expected wait before a first retry on a target: the backoff's mean (equal jitter: 3/4 of nominal); null with no retries. */
  private expectedRetryWaitMs(target: Target): number | null {
    const provider = this.config.providers[target.provider];
    return provider.retry.maxAttempts > 1 ? this.retryBaseDelayMs * 0.75 : null;
  }

  /** on_error failover_first: asked by the executor before a retry's wait (see failover-first.ts). */
  private async failoverFirst(run: RequestRun, decision: RoutingDecision, target: Target, retryDelayMs: number, inputTokens: number): Promise<string | null> {
    const resolved = (wanted: Target) => run.plan.usable.find((entry) => entry.provider === wanted.provider && entry.model === wanted.model);
    const current = resolved(target);
    if (!current) return null;
    // Targets this request has not tried yet (a target tried and left already had its chance).
    const candidates = decision.targets
      .filter((entry) => !run.attempts.some((attempt) => attempt.provider === entry.provider))
      .map(resolved)
      .filter((entry): entry is ResolvedTarget => entry !== undefined);
    return failoverFirstReason({
      config: this.config,
      state: this.state,
      current,
      candidates,
      retryDelayMs,
      retryWaitMs: (entry) => this.expectedRetryWaitMs(entry),
      stream: run.stream,
      nowMs: this.now(),
      estimatedTokens: inputTokens + (run.request.maxTokens ?? DEFAULT_MAX_TOKENS),
    });
  }

  /** Ranks the targets and, in the same atomic update, advances the strategy's cursor. */
  private async decide(plan: Plan, request: RouteRequest, inputTokens: number, stream: boolean): Promise<RoutingDecision | null> {
    const strategy = strategyFor(plan.strategy.type);
    const keys = strategy.stateKeys(plan.strategy, plan.usable);
    const nowMs = this.now();
    // Draw outside the update: a backend may re-run fn on conflict, and it must be deterministic.
    const draws = [this.random(), this.random()];
    const random = () => draws.shift() ?? 0.5;
    if (keys.length === 0) return strategy.select(this.context(plan, request, inputTokens, stream, new Map(), nowMs, random));
    if (!strategy.advance) {
      // Read-only strategies (latency, leases, token windows) need no lock: a slightly stale read
      // only changes a ranking, and skipping the write lock keeps parallel processes from queueing.
      return strategy.select(this.context(plan, request, inputTokens, stream, await this.readKeys(keys), nowMs, random));
    }
    return this.state.update(keys, (current) => {
      const replay = [...draws];
      const context = this.context(plan, request, inputTokens, stream, current, nowMs, () => replay.shift() ?? 0.5);
      const decision = strategy.select(context);
      return { set: decision && strategy.advance ? strategy.advance(context, decision) : undefined, result: decision };
    });
  }

  private async readKeys(keys: readonly string[]): Promise<Map<string, unknown>> {
    const values = new Map<string, unknown>();
    const read = await Promise.all(keys.map((key) => this.state.get(key)));
    keys.forEach((key, index) => {
      if (read[index] !== undefined) values.set(key, read[index]);
    });
    return values;
  }

  /** One target through the attempt executor, its verdict turned into what the failover loop does next. */
  private async tryTarget(run: RequestRun, target: Target): Promise<TargetOutcome> {
    const verdict = await this.executor.run(run, this.config.providers[target.provider], target);
    switch (verdict.kind) {
      case 'answered':
        return {
          kind: 'done',
          result: { ...verdict.result, requestId: run.requestId, provider: target.provider, requestedModel: target.model, strategy: run.plan.strategyName, attempts: run.attempts },
        };
      case 'refused':
        return verdict.refusal.defer ? { kind: 'deferred', waitMs: verdict.refusal.waitMs, message: verdict.refusal.reason } : { kind: 'next' };
      case 'failover':
        return verdict.retryLater ? { kind: 'later', reason: verdict.retryLater.reason } : { kind: 'next' };
      case 'stop':
        throw new RequestStoppedError(verdict.error, { requestId: run.requestId, attempts: run.attempts, partialUsage: verdict.partialUsage });
      case 'interrupted':
        throw new InterruptedError();
    }
  }

  private async interruptible(wait: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    try {
      await wait();
    } catch (error) {
      if (signal?.aborted) throw new InterruptedError();
      throw error;
    }
    if (signal?.aborted) throw new InterruptedError();
  }

  private emit(event: RouterEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A subscriber's bug (ledger, metrics, UI) must not fail the user's request.
        warn(`a router event listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

function lastReason(run: RequestRun): string {
  const last = run.attempts[run.attempts.length - 1];
  return last ? detailLine(last) : 'no attempt';
}

/** The failover event's reason: the last attempt's line, and why its retries were put off if they were. */
function failoverReason(run: RequestRun): string {
  const note = run.failoverNote;
  run.failoverNote = undefined;
  return note ? `${lastReason(run)}; ${note}` : lastReason(run);
}

function roughInputTokens(request: RouteRequest): number {
  return roughTokenCount(requestCharacters(request));
}
