import type { Ollama } from 'ollama';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import { ProviderCallError } from '../../spec/errors.js';
import { unusableResponse } from '../shared/build-provider-error.js';
import type { ReportedUsage } from '../shared/estimate-usage.js';
import { finishAnswer } from '../shared/finish-answer.js';
import { streamEndedEarly } from '../shared/incomplete-stream-error.js';
import { SdkAdapter, type SdkAdapterInit } from '../shared/sdk-adapter.js';
import { startStopwatch } from '../shared/stopwatch.js';
import { buildOllamaRequest } from './build-ollama-request.js';
import { convertOllamaUsage } from './convert-ollama-usage.js';
import { mapOllamaFinishReason } from './map-ollama-finish-reason.js';
import type { FetchObservation } from '../shared/response-facts.js';
import { signalledFetch } from './signalled-fetch.js';
import { toOllamaProviderError, type OllamaErrorPhase } from './to-provider-error.js';

export interface OllamaAdapterInit extends SdkAdapterInit {
  /** The `Ollama` class from the dynamically imported package. */
  Ollama: typeof Ollama;
  /** e.g. http://localhost:11434 */
  host: string;
}

/** Ollama's native /api/chat over ollama-js (which never retries). */
export class OllamaAdapter extends SdkAdapter<OllamaAdapterInit> {
  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const stopwatch = startStopwatch(this.init.options.now);
    const observation: FetchObservation = {};
    try {
      const response = await this.#client(options.signal, observation).chat({ ...buildOllamaRequest(request), stream: false });
      const text = response.message?.content ?? '';
      const rawFinishReason = response.done_reason ?? null;
      return await finishAnswer(request, stopwatch, {
        text,
        finishReason: mapOllamaFinishReason(rawFinishReason),
        rawFinishReason,
        usage: convertOllamaUsage(response),
        answeredModel: response.model,
        ttftMs: null,
      });
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, observation, 'request');
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const stopwatch = startStopwatch(this.init.options.now);
    const observation: FetchObservation = {};
    let phase: OllamaErrorPhase = 'request';
    let text = '';
    let ttftMs: number | null = null;
    let answeredModel = '';
    let rawFinishReason: string | null = null;
    let usage: ReportedUsage | undefined;
    let done = false;
    let parts = 0;
    try {
      const lines = await this.#client(options.signal, observation).chat({ ...buildOllamaRequest(request), stream: true });
      phase = 'stream';
      try {
        for await (const part of lines) {
          parts += 1;
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
        if (!done) lines.abort();
      }
      if (!done) throw streamEndedEarly(options.signal, 'done:true');
    } catch (error) {
      // A body that ended cleanly without one line (an empty 200): what the server sent says more than a missing done:true.
      if (parts === 0 && phase === 'stream' && observation.response?.complete && !options.signal?.aborted && !(error instanceof ProviderCallError)) {
        throw unusableResponse(this.errorContext(request.model, options.signal, observation), 'no lines in the stream', error);
      }
      throw this.#toError(error, request.model, options.signal, observation, phase);
    }
    const result = await finishAnswer(request, stopwatch, {
      text,
      finishReason: mapOllamaFinishReason(rawFinishReason),
      rawFinishReason,
      usage,
      answeredModel,
      ttftMs,
    });
    yield { type: 'done', result };
  }

  async ping(options: CallOptions = {}): Promise<PingResult> {
    const observation: FetchObservation = {};
    return this.timePing(
      'GET /api/version',
      () => this.#client(options.signal, observation).version(),
      (error, model) => this.#toError(error, model, options.signal, observation, 'request'),
    );
  }

  /** One client per call: the fetch it is built with carries that call's signal. */
  #client(signal: AbortSignal | undefined, observation: FetchObservation): Ollama {
    const { provider, host } = this.init;
    return new this.init.Ollama({
      host,
      fetch: signalledFetch(signal, observation),
      // Ollama itself ignores auth; a key matters only behind an authenticating proxy.
      headers: provider.apiKey ? { Authorization: `Bearer ${provider.apiKey}` } : undefined,
    });
  }

  #toError(
    error: unknown,
    model: string,
    signal: AbortSignal | undefined,
    observation: FetchObservation,
    phase: OllamaErrorPhase,
  ): ProviderCallError {
    return toOllamaProviderError(error, this.errorContext(model, signal, observation), phase);
  }
}
