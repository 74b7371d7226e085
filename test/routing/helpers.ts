import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { CallOptions, ChatRequest, ChatResult, StreamEvent } from '../../src/spec/chat.js';
import type { Config, ProviderConfig, StrategyConfig } from '../../src/spec/config.js';
export { providerConfig } from '../helpers/provider-config.js';
import { ProviderCallError, type ErrorClass } from '../../src/spec/errors.js';

export function makeConfig(providers: ProviderConfig[], strategies: StrategyConfig[] = []): Config {
  return {
    source: 'test',
    providers: Object.fromEntries(providers.map((provider) => [provider.name, provider])),
    strategies: Object.fromEntries(strategies.map((strategy) => [strategy.name, strategy])),
    defaultStrategy: strategies[0]?.name,
    failover: { healthCheckIntervalS: 60, maxFailures: 3, recoveryTimeoutS: 300 },
    budgets: { providers: {} },
    pricing: {},
    logPrompts: false,
    warnings: [],
  };
}

export function okResult(text: string, overrides: Partial<ChatResult> = {}): ChatResult {
  return {
    text,
    finishReason: 'stop',
    rawFinishReason: 'stop',
    usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, estimated: false },
    model: 'answered-model',
    ttftMs: null,
    latencyMs: 100,
    ...overrides,
  };
}

export function callError(provider: string, errorClass: ErrorClass, status?: number, retryAfterMs?: number): ProviderCallError {
  return new ProviderCallError({ provider, model: `${provider}-model`, errorClass, status, retryAfterMs, message: `${errorClass} from ${provider}` });
}

/** One scripted step: an answer, an error, or a stream of deltas that then ends or fails. */
export type Step =
  | { ok: string; latencyMs?: number; ttftMs?: number | null }
  | { error: ProviderCallError }
  | { deltas: string[]; then: 'done' | ProviderCallError }
  | { hang: true };

/** A fake adapter at the router's seam: plays its steps in order and records every call. */
export class ScriptedAdapter implements ProviderAdapter {
  readonly type = 'openai' as const;
  readonly calls: Array<{ request: ChatRequest; stream: boolean; signal?: AbortSignal; without?: CallOptions['without'] }> = [];
  constructor(
    readonly name: string,
    private readonly steps: Step[],
    private readonly onCall?: () => void,
  ) {}

  private next(request: ChatRequest, stream: boolean, options?: CallOptions): Step {
    this.calls.push({ request, stream, signal: options?.signal, ...(options?.without ? { without: options.without } : {}) });
    this.onCall?.();
    const step = this.steps.shift();
    if (!step) throw new Error(`${this.name}: no scripted step left`);
    return step;
  }

  async chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult> {
    const step = this.next(request, false, options);
    if ('hang' in step) return waitForAbort(this.name, request.model, options?.signal);
    if ('error' in step) throw step.error;
    if ('deltas' in step) throw new Error('stream step used for chat');
    return okResult(step.ok, { latencyMs: step.latencyMs ?? 100, ttftMs: null, model: request.model });
  }

  async *stream(request: ChatRequest, options?: CallOptions): AsyncIterable<StreamEvent> {
    const step = this.next(request, true, options);
    if ('hang' in step) {
      await waitForAbort(this.name, request.model, options?.signal);
      return;
    }
    if ('error' in step) throw step.error;
    if ('ok' in step) {
      yield { type: 'delta', text: step.ok };
      yield { type: 'done', result: okResult(step.ok, { latencyMs: step.latencyMs ?? 100, ttftMs: step.ttftMs ?? 20, model: request.model }) };
      return;
    }
    for (const text of step.deltas) yield { type: 'delta', text };
    if (step.then !== 'done') throw step.then;
    yield { type: 'done', result: okResult(step.deltas.join(''), { ttftMs: 20, model: request.model }) };
  }

  async ping() {
    return { ok: true, latencyMs: 1, check: 'fake' };
  }
}

/** Resolves never; rejects like an adapter does when its signal aborts (timeout vs user abort). */
function waitForAbort(provider: string, model: string, signal?: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = () => {
      const timedOut = signal?.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
      reject(new ProviderCallError({ provider, model, errorClass: timedOut ? 'timeout' : 'aborted', message: timedOut ? 'timed out' : 'aborted' }));
    };
    if (signal?.aborted) fail();
    signal?.addEventListener('abort', fail, { once: true });
  });
}
