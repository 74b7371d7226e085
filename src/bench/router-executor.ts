import type { AttemptSummary, ChatRequest, PriceLookup, ProviderConfig, UnitPrices, Usage } from '../spec/index.js';
import { attemptPrices } from '../pricing/attempt-prices.js';
import { AllAttemptsFailedError, LlmxError, ProviderCallError, RequestStoppedError } from '../spec/index.js';
import { systemClock, type BenchClock } from './clock.js';
import type { ExecuteContext, ExecuteRequest } from './executor.js';
import { answeredOutcome, chunkTimer, failedOutcome } from './outcomes.js';
import { chatRequestFor } from './split-system.js';

/** The part of the router bench uses (src/routing/router.ts), so this file needs no routing import. */
export interface BenchRouter {
  ask(
    request: Omit<ChatRequest, 'model'> & { model?: string },
    options: {
      strategy?: string;
      stream?: boolean;
      signal?: AbortSignal;
      onDelta?: (text: string) => void;
      requestId?: string;
      allowProvider?: (provider: ProviderConfig) => boolean;
    },
  ): Promise<{ provider: string; requestedModel: string; model: string; usage: Usage; attempts: readonly AttemptSummary[] }>;
}

export interface RouterExecutorOptions {
  router: BenchRouter;
  priceOf: PriceLookup;
  costUsd(usage: Usage, prices: UnitPrices): number;
  clock?: BenchClock;
  /** A budget verdict's filter (local_only, spent provider budgets). Default: every provider. */
  allowProvider?: (provider: ProviderConfig) => boolean;
}

/**
 * Benches a strategy: the router picks, retries and fails over as configured, and the whole of that
 * is the request's latency. t_first is the first text the router passes on.
 */
export function createRouterExecutor(options: RouterExecutorOptions): ExecuteRequest {
  const clock = options.clock ?? systemClock;
  return async (context: ExecuteContext) => {
    const { target } = context;
    const chunks = chunkTimer(() => clock.now());
    // The router fills in each target's model.
    const { model: _model, ...request } = chatRequestFor(context.prompt, '', context.maxTokens);
    const sendMs = clock.now();
    try {
      const result = await options.router.ask(request, {
        strategy: target.strategy,
        stream: context.stream,
        signal: context.signal,
        onDelta: context.stream ? chunks.onText : undefined,
        requestId: context.requestId,
        allowProvider: options.allowProvider,
      });
      const endMs = clock.now();
      const prices = attemptPrices(options.priceOf, result.provider, result.requestedModel, result.model);
      return answeredOutcome({
        sendMs,
        endMs,
        stream: context.stream,
        chunks: chunks.timing,
        usage: result.usage,
        costUsd: prices === null ? null : options.costUsd(result.usage, prices),
        attempts: Math.max(1, result.attempts.filter((attempt) => attempt.status !== 'skipped').length),
        provider: result.provider,
        model: result.model,
      });
    } catch (caught) {
      const endMs = clock.now();
      if (context.signal.aborted) return { aborted: true };
      const attempts = caught instanceof AllAttemptsFailedError || caught instanceof RequestStoppedError ? caught.attempts.filter((attempt) => attempt.status !== 'skipped') : [];
      const last = attempts[attempts.length - 1];
      const errorClass = caught instanceof ProviderCallError ? caught.errorClass : (last?.errorClass ?? 'other');
      const httpStatus = caught instanceof ProviderCallError ? (caught.status ?? null) : (last?.httpStatus ?? null);
      if (!(caught instanceof LlmxError)) throw caught;
      return failedOutcome({
        errorClass,
        httpStatus,
        errorMessage: caught.message,
        sendMs,
        endMs,
        stream: context.stream,
        costUsd: 0,
        attempts: Math.max(1, attempts.length),
        provider: last?.provider ?? target.provider,
        model: last?.model ?? '',
      });
    }
  };
}
