import type { ChatResult, PriceLookup, ProviderAdapter, ProviderConfig, RouterEvent, StateStore } from '../spec/index.js';
import { attemptPrices } from '../pricing/attempt-prices.js';
import { AttemptExecutor, newJobCounters, SweptDeadlines, type AttemptStep } from '../routing/attempt/index.js';
import { systemClock, type BenchClock } from './clock.js';
import type { ExecuteContext, ExecuteRequest } from './executor.js';
import { answeredOutcome, chunkTimer, failedOutcome, type ChunkTiming } from './outcomes.js';
import { chatRequestFor } from './split-system.js';

export interface DirectExecutorOptions {
  providers: Record<string, ProviderConfig>;
  /** One adapter per provider, created once so its SDK client keeps connections alive. */
  adapterFor(provider: string): ProviderAdapter;
  priceOf: PriceLookup;
  costUsd(usage: ChatResult['usage'], prices: NonNullable<ReturnType<PriceLookup>>): number;
  /** Every attempt event, warm-up included, as the router reports them (for the ledger). */
  onEvent(event: RouterEvent): void;
  /** Extra attempts after a retryable failure, decided as the router decides them. Default 0: every failure is seen. */
  retries?: number;
  /**
   * Admission and settlement steps with their store. Default none: no breaker, no rate limits, no
   * state transaction per request (issue 12 switches the rate-limit step on here).
   */
  steps?: { steps: readonly AttemptStep[]; state: StateStore };
  clock?: BenchClock;
  /** Wall clock for the ledger's startedAtMs. Default Date.now. */
  wallNow?: () => number;
}

/**
 * Benches one provider's model: each request goes through the attempt executor the Router uses,
 * on one target, so every failure is seen (no failover) and retries follow the one retry policy.
 * Timed with bench's own monotonic clock at text-carrying chunks.
 */
export function createDirectExecutor(options: DirectExecutorOptions): ExecuteRequest {
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const executor = new AttemptExecutor({
    adapterFor: (provider) => options.adapterFor(provider.name),
    steps: options.steps?.steps,
    state: options.steps?.state,
    emit: options.onEvent,
    now: options.wallNow ?? Date.now,
    elapsed: now,
    sleep: (ms, signal) => clock.sleep(ms, signal),
    // One sweep timer for every request in flight, not a timer each.
    deadlines: new SweptDeadlines(now),
  });
  const maxAttempts = (options.retries ?? 0) + 1;

  return async (context: ExecuteContext) => {
    const { target } = context;
    const provider = options.providers[target.provider];
    const request = chatRequestFor(context.prompt, target.model, context.maxTokens);
    // Timestamps belong to the attempt that answers; the send time stays the request's first.
    let chunks: { timing: ChunkTiming; onText(text: string): void } = chunkTimer(now);
    const job = {
      requestId: context.requestId,
      request,
      stream: context.stream,
      onDelta: (text: string) => chunks.onText(text),
      onAttemptStart: (attempt: number) => {
        if (attempt > 1) chunks = chunkTimer(now);
      },
      signal: context.signal,
      maxAttempts,
      inputTokens: 0,
      retryAfterText: true,
      ...newJobCounters(),
    };
    const sendMs = clock.now();
    const verdict = await executor.run(job, provider, { provider: target.provider, model: target.model });
    const endMs = clock.now();
    if (verdict.kind === 'interrupted') return { aborted: true };
    const common = { sendMs, endMs, stream: context.stream, attempts: Math.max(1, job.attemptNumber) };
    if (verdict.kind === 'answered') {
      const { result } = verdict;
      // Priced as the ledger prices it.
      const prices = attemptPrices(options.priceOf, target.provider, target.model, result.model);
      return answeredOutcome({
        ...common,
        chunks: chunks.timing,
        usage: result.usage,
        costUsd: prices === null ? null : options.costUsd(result.usage, prices),
        provider: target.provider,
        model: result.model || target.model,
      });
    }
    // A rejected request is not billed; an unpriced target's stays unknown.
    const costUsd = options.priceOf(target.provider, target.model) === null ? null : 0;
    if (verdict.kind === 'refused') {
      return failedOutcome({ ...common, errorClass: 'unavailable', httpStatus: null, errorMessage: verdict.refusal.reason, costUsd, provider: target.provider, model: target.model });
    }
    const { error } = verdict;
    return failedOutcome({ ...common, errorClass: error.errorClass, httpStatus: error.status ?? null, errorMessage: error.message, costUsd, provider: error.provider, model: error.model });
  };
}
