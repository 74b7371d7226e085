import type { ChatResult, ErrorClass, PriceLookup, ProviderAdapter, ProviderConfig, RouterEvent } from '../spec/index.js';
import { attemptPrices } from '../pricing/attempt-prices.js';
import { ProviderCallError } from '../spec/index.js';
import { AttemptDeadlines } from './attempt-deadlines.js';
import { systemClock, type BenchClock } from './clock.js';
import type { ExecuteContext, ExecuteRequest } from './executor.js';
import { answeredOutcome, chunkTimer, failedOutcome } from './outcomes.js';
import { chatRequestFor } from './split-system.js';

type AttemptEnd = Extract<RouterEvent, { type: 'attempt-end' }>;

export interface DirectExecutorOptions {
  providers: Record<string, ProviderConfig>;
  /** One adapter per provider, created once so its SDK client keeps connections alive. */
  adapterFor(provider: string): ProviderAdapter;
  priceOf: PriceLookup;
  costUsd(usage: ChatResult['usage'], prices: NonNullable<ReturnType<PriceLookup>>): number;
  /** Each attempt, warm-up included, as the router would report it (for the ledger). */
  onAttemptEnd(event: AttemptEnd): void;
  /** Extra attempts after a retryable failure. Default 0: every failure is seen. */
  retries?: number;
  clock?: BenchClock;
  /** Wall clock for the ledger's startedAtMs. Default Date.now. */
  wallNow?: () => number;
}

/** A retryable failure's wait before the next attempt: what the server asked for, else 100 ms doubling to 2 s. */
function retryDelayMs(error: ProviderCallError, retry: number): number {
  return error.retryAfterMs ?? Math.min(100 * 2 ** retry, 2000);
}

/**
 * Calls one adapter per request (no router: one attempt, no failover, so every failure is seen),
 * timing it with its own monotonic clock around the stream's events.
 */
export function createDirectExecutor(options: DirectExecutorOptions): ExecuteRequest {
  const clock = options.clock ?? systemClock;
  const wallNow = options.wallNow ?? Date.now;
  const retries = options.retries ?? 0;
  const deadlines = new AttemptDeadlines(() => clock.now());

  return async (context: ExecuteContext) => {
    const { target } = context;
    const provider = options.providers[target.provider];
    const adapter = options.adapterFor(target.provider);
    const request = chatRequestFor(context.prompt, target.model, context.maxTokens);
    const prices = options.priceOf(target.provider, target.model);
    const sendMs = clock.now();
    let costUsd: number | null = prices === null ? null : 0;
    let lastError: ProviderCallError | null = null;

    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const attemptStartMs = clock.now();
      const startedAtMs = wallNow();
      const { signal, timedOut, release } = deadlines.begin(context.signal, provider.timeoutMs);
      // Timestamps belong to the attempt that answers; the send time stays the request's first.
      const chunks = chunkTimer(() => clock.now());
      /** The attempt as the router would report it, timed from this attempt's start. */
      const reportAttempt = (endMs: number, ending: Pick<AttemptEnd, 'result' | 'error' | 'partialText'>) =>
        options.onAttemptEnd({
          type: 'attempt-end',
          requestId: context.requestId,
          attempt,
          target: { provider: target.provider, model: target.model },
          startedAtMs,
          latencyMs: endMs - attemptStartMs,
          ttftMs: chunks.timing.firstMs === null ? null : chunks.timing.firstMs - attemptStartMs,
          ...ending,
        });
      let result: ChatResult | undefined;
      let partialText = '';
      try {
        if (context.stream) {
          for await (const event of adapter.stream(request, { signal })) {
            if (event.type === 'delta') {
              chunks.onText(event.text);
              partialText += event.text;
            } else {
              result = event.result;
            }
          }
          if (!result) throw new ProviderCallError({ provider: target.provider, model: target.model, errorClass: 'network', message: 'stream ended without a result' });
        } else {
          result = await adapter.chat(request, { signal });
        }
      } catch (caught) {
        const endMs = clock.now();
        const aborted = context.signal.aborted;
        release();
        const error = toCallError(caught, target.provider, target.model, aborted ? 'aborted' : timedOut() ? 'timeout' : 'other', partialText);
        reportAttempt(endMs, { error, partialText: partialText === '' ? undefined : partialText });
        if (aborted) return { aborted: true };
        lastError = error;
        if (attempt <= retries && error.retryable) {
          await clock.sleep(retryDelayMs(error, attempt - 1), context.signal);
          if (context.signal.aborted) return { aborted: true };
          continue;
        }
        // A rejected request is not billed; an unpriced target's stays unknown.
        return failedOutcome({
          errorClass: error.errorClass,
          httpStatus: error.status ?? null,
          errorMessage: error.message,
          sendMs,
          endMs,
          stream: context.stream,
          costUsd,
          attempts: attempt,
          provider: error.provider,
          model: error.model,
        });
      }
      const endMs = clock.now();
      release();
      reportAttempt(endMs, { result });
      // Priced as the ledger prices it.
      const answeredPrices = attemptPrices(options.priceOf, target.provider, target.model, result.model);
      costUsd = costUsd === null || answeredPrices === null ? null : costUsd + options.costUsd(result.usage, answeredPrices);
      return answeredOutcome({
        sendMs,
        endMs,
        stream: context.stream,
        chunks: chunks.timing,
        usage: result.usage,
        costUsd,
        attempts: attempt,
        provider: target.provider,
        model: result.model || target.model,
      });
    }
    // Unreachable: the last attempt either returns its result or its failure.
    throw lastError ?? new Error('bench: no attempt was made');
  };
}

/** Anything an adapter throws, as a ProviderCallError (adapters should only throw those; be safe). */
export function toCallError(caught: unknown, provider: string, model: string, fallbackClass: ErrorClass, partialText = ''): ProviderCallError {
  if (caught instanceof ProviderCallError) {
    // Our own abort or timeout fired: the adapter saw an abort, but the class is ours to say.
    if ((fallbackClass === 'timeout' || fallbackClass === 'aborted') && caught.errorClass !== fallbackClass) {
      return new ProviderCallError({ provider, model, errorClass: fallbackClass, message: fallbackClass === 'timeout' ? 'timed out' : 'aborted', partialText, cause: caught });
    }
    return caught;
  }
  const message = caught instanceof Error ? caught.message : String(caught);
  return new ProviderCallError({ provider, model, errorClass: fallbackClass, message, partialText: partialText || undefined, cause: caught });
}
