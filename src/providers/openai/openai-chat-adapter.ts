import type { OpenAI } from 'openai';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions/completions';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import type { ProviderCallError } from '../../spec/errors.js';
import { unusableResponse } from '../shared/build-provider-error.js';
import { withBilledCost } from '../shared/billed-cost.js';
import { usageEvent, type ReportedUsage } from '../shared/estimate-usage.js';
import { finishAnswer, type GatheredAnswer } from '../shared/finish-answer.js';
import { streamEndedEarly } from '../shared/incomplete-stream-error.js';
import { observeCall } from '../shared/observed-fetch.js';
import { endedWithDone, isJsonMediaType, type FetchObservation } from '../shared/response-facts.js';
import { SdkAdapter, type SdkAdapterInit } from '../shared/sdk-adapter.js';
import { startStopwatch } from '../shared/stopwatch.js';
import { buildOpenAiRequest, type MaxTokensField } from './build-openai-request.js';
import { convertOpenAiUsage, usageOfChunk } from './convert-openai-usage.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import { inBandOpenAiError, toOpenAiProviderError, type OpenAiErrorBody, type OpenAiErrorClasses } from './to-provider-error.js';

export interface OpenAiChatAdapterInit extends SdkAdapterInit {
  /** An `OpenAI` or `AzureOpenAI` client built with `maxRetries: 0` and the observing fetch. */
  client: OpenAI;
  sdkErrors: OpenAiErrorClasses;
  maxTokensField: MaxTokensField;
  /**
   * Whether streams send `stream_options: { include_usage: true }` (old Azure api-versions reject it;
   * `stream_usage: false` turns it off); a call's `without: ['stream_usage']` leaves it out too.
   */
  streamUsageOption: boolean;
  /** What `ping` reports it called, e.g. "GET /v1/models". */
  pingCheck: string;
}

/**
 * Chat Completions over the openai SDK. OpenAI, Azure OpenAI and any OpenAI-compatible server
 * differ only in the client they are handed (URL, auth header, api-version) and the cap field.
 * Liberal in what it accepts: a JSON completion answering a stream request, a stream that ends
 * cleanly without a finish_reason, usage under Groq's `x_groq`, a refusal in place of content.
 */
export class OpenAiChatAdapter extends SdkAdapter<OpenAiChatAdapterInit> {
  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const stopwatch = startStopwatch(this.init.options.now);
    const observation: FetchObservation = {};
    try {
      const body = { ...buildOpenAiRequest(request, this.init.maxTokensField), stream: false as const };
      const completion: unknown = await observeCall(observation, () => this.init.client.chat.completions.create(body, { signal: options.signal }));
      return await finishAnswer(request, stopwatch, this.#readCompletion(completion, request.model, options.signal, observation));
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, observation);
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const stopwatch = startStopwatch(this.init.options.now);
    const observation: FetchObservation = {};
    let text = '';
    let ttftMs: number | null = null;
    let answeredModel = '';
    let rawFinishReason: string | null = null;
    let refused = false;
    let usage: ReportedUsage | undefined;
    let chunkCount = 0;
    let serviceTier: string | undefined;
    try {
      const body = {
        ...buildOpenAiRequest(request, this.init.maxTokensField),
        stream: true as const,
        ...(this.init.streamUsageOption && !options.without?.includes('stream_usage') ? { stream_options: { include_usage: true } } : {}),
      };
      const { data: chunks, response } = await observeCall(observation, () => this.init.client.chat.completions.create(body, { signal: options.signal }).withResponse());
      if (isJsonMediaType(response.headers.get('content-type'))) {
        // Some compatible and mock servers answer a stream request with a plain completion.
        const answer = this.#readCompletion(await response.json(), request.model, options.signal, observation);
        if (answer.text) yield { type: 'delta', text: answer.text };
        yield { type: 'done', result: await finishAnswer(request, stopwatch, { ...answer, ttftMs: answer.text ? stopwatch.elapsedMs() : null }) };
        return;
      }
      for await (const chunk of chunks as AsyncIterable<ChatCompletionChunk>) {
        chunkCount += 1;
        // Azure's first chunk (prompt_filter_results) has an empty model and no choices.
        if (chunk.model && !answeredModel) answeredModel = chunk.model;
        // Usage may come in every chunk (cumulative) or only in the last; the latest is the total.
        const chunkUsage = convertOpenAiUsage(usageOfChunk(chunk));
        if (chunkUsage) {
          usage = chunkUsage;
          yield usageEvent(chunkUsage);
        }
        if (chunk.service_tier) serviceTier = chunk.service_tier;
        const choice = chunk.choices?.find((candidate) => candidate.index === 0);
        if (!choice) continue;
        if (choice.finish_reason) rawFinishReason = choice.finish_reason;
        // Azure's asynchronous content filter sends choices with no delta at all.
        const refusal = choice.delta?.refusal;
        if (refusal) refused = true;
        const piece = (choice.delta?.content ?? '') + (refusal ?? '');
        if (!piece) continue;
        ttftMs ??= stopwatch.elapsedMs();
        text += piece;
        yield { type: 'delta', text: piece };
      }
      if (rawFinishReason === null) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (chunkCount === 0 && text === '') throw unusableResponse(this.#context(request.model, options.signal, observation), 'no events in the stream', undefined);
        // [DONE] or a usage chunk means the server finished on purpose; anything else was cut.
        if (usage === undefined && !endedWithDone(observation.response)) throw streamEndedEarly(options.signal, 'a finish_reason');
      }
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, observation);
    }
    const result = await finishAnswer(request, stopwatch, {
      text,
      finishReason: refused ? 'refusal' : mapOpenAiFinishReason(rawFinishReason),
      rawFinishReason,
      usage: withBilledCost(serviceTier === undefined ? usage : { ...usage, serviceTier }, observation),
      answeredModel,
      ttftMs,
    });
    yield { type: 'done', result };
  }

  async ping(options: CallOptions = {}): Promise<PingResult> {
    return this.timePing(
      this.init.pingCheck,
      () => this.init.client.models.list({ signal: options.signal }),
      (error, model) => this.#toError(error, model, options.signal),
    );
  }

  /**
   * A completion body as an answer. The SDK hands back whatever the server sent (a string for a
   * text/html body, undefined for an empty one, a bare `{"error": ...}` from some proxies), so the
   * shape is checked here rather than trusted.
   */
  #readCompletion(body: unknown, model: string, signal: AbortSignal | undefined, observation: FetchObservation): GatheredAnswer {
    const context = this.#context(model, signal, observation);
    if (typeof body !== 'object' || body === null) throw unusableResponse(context, 'not a chat completion', undefined);
    const record = body as Partial<ChatCompletion> & { error?: unknown };
    if (!Array.isArray(record.choices)) {
      if (typeof record.error === 'object' && record.error !== null) throw inBandOpenAiError(record.error as OpenAiErrorBody, context, undefined);
      throw unusableResponse(context, 'not a chat completion (no choices)', undefined);
    }
    const choice = record.choices[0];
    const refusal = choice?.message?.refusal;
    const rawFinishReason = choice?.finish_reason ?? null;
    return {
      // A refusal comes with content null: the refusal is what the model said.
      text: choice?.message?.content || refusal || '',
      finishReason: refusal ? 'refusal' : mapOpenAiFinishReason(rawFinishReason),
      rawFinishReason,
      usage: withBilledCost(convertOpenAiUsage(record.usage, record.service_tier), observation),
      answeredModel: record.model,
      ttftMs: null,
    };
  }

  #context(model: string, signal: AbortSignal | undefined, observation?: FetchObservation) {
    return this.errorContext(model, signal, observation);
  }

  #toError(error: unknown, model: string, signal: AbortSignal | undefined, observation?: FetchObservation): ProviderCallError {
    return toOpenAiProviderError(error, this.errorContext(model, signal, observation), this.init.sdkErrors);
  }
}
