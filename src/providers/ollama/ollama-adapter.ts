import type { Ollama } from 'ollama';
import type { ProviderAdapter } from '../../spec/adapter.js';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import type { ProviderConfig, ProviderType } from '../../spec/config.js';
import type { ProviderCallError } from '../../spec/errors.js';
import type { ResolvedAdapterOptions } from '../adapter-options.js';
import type { ErrorContext } from '../shared/build-provider-error.js';
import { completeUsage, type ReportedUsage } from '../shared/estimate-usage.js';
import { IncompleteStreamError } from '../shared/incomplete-stream-error.js';
import { startStopwatch } from '../shared/stopwatch.js';
import { buildOllamaRequest } from './build-ollama-request.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import { signalledFetch, type CapturedResponse } from './signalled-fetch.js';
import { toOllamaProviderError, type OllamaErrorPhase } from './to-provider-error.js';

export interface OllamaAdapterInit {
  provider: ProviderConfig;
  /** The `Ollama` class from the dynamically imported package. */
  Ollama: typeof Ollama;
  /** e.g. http://127.0.0.1:11434 */
  host: string;
  options: ResolvedAdapterOptions;
}

/** Ollama's native /api/chat over ollama-js (which never retries). */
export class OllamaAdapter implements ProviderAdapter {
  readonly name: string;
  readonly type: ProviderType;
  readonly #init: OllamaAdapterInit;

  constructor(init: OllamaAdapterInit) {
    this.#init = init;
    this.name = init.provider.name;
    this.type = init.provider.type;
  }

  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const stopwatch = startStopwatch(this.#init.options.now);
    const captured: CapturedResponse = {};
    try {
      const response = await this.#client(options.signal, captured).chat({ ...buildOllamaRequest(request), stream: false });
      const text = response.message?.content ?? '';
      const rawFinishReason = response.done_reason ?? null;
      // Measured before any local token counting, which is not the provider's time.
      const latencyMs = stopwatch.elapsedMs();
      return {
        text,
        finishReason: mapOllamaFinishReason(rawFinishReason),
        rawFinishReason,
        usage: await completeUsage(convertOllamaUsage(response), request, text),
        model: response.model || request.model,
        ttftMs: null,
        latencyMs,
      };
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, captured, 'request');
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const stopwatch = startStopwatch(this.#init.options.now);
    const captured: CapturedResponse = {};
    let phase: OllamaErrorPhase = 'request';
    let text = '';
    let ttftMs: number | null = null;
    let answeredModel = '';
    let rawFinishReason: string | null = null;
    let usage: ReportedUsage | undefined;
    let done = false;
    try {
      const parts = await this.#client(options.signal, captured).chat({ ...buildOllamaRequest(request), stream: true });
      phase = 'stream';
      try {
        for await (const part of parts) {
          if (part.model && !answeredModel) answeredModel = part.model;
          const piece = part.message?.content;
          if (piece) {
            ttftMs ??= stopwatch.elapsedMs();
            text += piece;
            yield { type: 'delta', text: piece };
          }
          if (part.done) {
            done = true;
            rawFinishReason = part.done_reason ?? null;
            usage = convertOllamaUsage(part);
          }
        }
      } finally {
        // ollama-js keeps reading the socket when its iterator is abandoned (the consumer broke
        // out, or a delta's consumer threw); abort it so the server stops generating.
        if (!done) parts.abort();
      }
      // The SDKs end iteration quietly on abort (and openai-node on a body closed without [DONE]);
      // an answer that reached its terminal event is complete even if the signal fired just after.
      if (!done) throw options.signal?.aborted ? options.signal.reason : new IncompleteStreamError('done:true');
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, captured, phase, text);
    }
    const latencyMs = stopwatch.elapsedMs();
    const result: ChatResult = {
      text,
      finishReason: mapOllamaFinishReason(rawFinishReason),
      rawFinishReason,
      usage: await completeUsage(usage, request, text),
      model: answeredModel || request.model,
      ttftMs,
      latencyMs,
    };
    yield { type: 'done', result };
  }

  async ping(options: CallOptions = {}): Promise<PingResult> {
    const stopwatch = startStopwatch(this.#init.options.now);
    const captured: CapturedResponse = {};
    try {
      await this.#client(options.signal, captured).version();
      return { ok: true, latencyMs: stopwatch.elapsedMs(), check: 'GET /api/version' };
    } catch (error) {
      throw this.#toError(error, this.#init.provider.models[0] ?? '', options.signal, captured, 'request');
    }
  }

  /** One client per call: the fetch it is built with carries that call's signal. */
  #client(signal: AbortSignal | undefined, captured: CapturedResponse): Ollama {
    const { provider, host } = this.#init;
    return new this.#init.Ollama({
      host,
      fetch: signalledFetch(signal, captured),
      // Ollama itself ignores auth; a key matters only behind an authenticating proxy.
      headers: provider.apiKey ? { Authorization: `Bearer ${provider.apiKey}` } : undefined,
    });
  }

  #toError(
    error: unknown,
    model: string,
    signal: AbortSignal | undefined,
    captured: CapturedResponse,
    phase: OllamaErrorPhase,
    partialText?: string,
  ): ProviderCallError {
    const context: ErrorContext = {
      provider: this.#init.provider,
      model,
      signal,
      partialText,
      wallClockMs: this.#init.options.wallClockMs(),
    };
    return toOllamaProviderError(error, context, captured, phase);
  }
}
