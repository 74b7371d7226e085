import type { OpenAI } from 'openai';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import type { ProviderCallError } from '../../spec/errors.js';
import type { ReportedUsage } from '../shared/estimate-usage.js';
import { finishAnswer } from '../shared/finish-answer.js';
import { streamEndedEarly } from '../shared/incomplete-stream-error.js';
import { SdkAdapter, type SdkAdapterInit } from '../shared/sdk-adapter.js';
import { startStopwatch } from '../shared/stopwatch.js';
import { buildOpenAiRequest, type MaxTokensField } from './build-openai-request.js';
import { convertOpenAiUsage } from './convert-openai-usage.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import { toOpenAiProviderError, type OpenAiErrorClasses } from './to-provider-error.js';

export interface OpenAiChatAdapterInit extends SdkAdapterInit {
  /** An `OpenAI` or `AzureOpenAI` client built with `maxRetries: 0`. */
  client: OpenAI;
  sdkErrors: OpenAiErrorClasses;
  maxTokensField: MaxTokensField;
  /** Whether the server understands `stream_options: { include_usage: true }` (old Azure api-versions reject it). */
  streamUsageOption: boolean;
  /** What `ping` reports it called, e.g. "GET /v1/models". */
  pingCheck: string;
}

/**
 * Chat Completions over the openai SDK. OpenAI, Azure OpenAI and any OpenAI-compatible server
 * differ only in the client they are handed (URL, auth header, api-version) and the cap field.
 */
export class OpenAiChatAdapter extends SdkAdapter<OpenAiChatAdapterInit> {
  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const { client, options: clock } = this.init;
    const stopwatch = startStopwatch(clock.now);
    try {
      const body = { ...buildOpenAiRequest(request, this.init.maxTokensField), stream: false as const };
      const completion = await client.chat.completions.create(body, { signal: options.signal });
      const choice = completion.choices[0];
      const text = choice?.message?.content ?? '';
      const rawFinishReason = choice?.finish_reason ?? null;
      return await finishAnswer(request, stopwatch, {
        text,
        finishReason: mapOpenAiFinishReason(rawFinishReason),
        rawFinishReason,
        usage: convertOpenAiUsage(completion.usage),
        answeredModel: completion.model,
        ttftMs: null,
      });
    } catch (error) {
      throw this.#toError(error, request.model, options.signal);
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const { client, options: clock } = this.init;
    const stopwatch = startStopwatch(clock.now);
    let text = '';
    let ttftMs: number | null = null;
    let answeredModel = '';
    let rawFinishReason: string | null = null;
    let usage: ReportedUsage | undefined;
    try {
      const body = {
        ...buildOpenAiRequest(request, this.init.maxTokensField),
        stream: true as const,
        ...(this.init.streamUsageOption ? { stream_options: { include_usage: true } } : {}),
      };
      const chunks = await client.chat.completions.create(body, { signal: options.signal });
      for await (const chunk of chunks) {
        // Azure's first chunk (prompt_filter_results) has an empty model and no choices.
        if (chunk.model && !answeredModel) answeredModel = chunk.model;
        if (chunk.usage) usage = convertOpenAiUsage(chunk.usage);
        const choice = chunk.choices?.find((candidate) => candidate.index === 0);
        if (!choice) continue;
        if (choice.finish_reason) rawFinishReason = choice.finish_reason;
        // Azure's asynchronous content filter sends choices with no delta at all.
        const piece = choice.delta?.content;
        if (!piece) continue;
        ttftMs ??= stopwatch.elapsedMs();
        text += piece;
        yield { type: 'delta', text: piece };
      }
      if (rawFinishReason === null) throw streamEndedEarly(options.signal, 'a finish_reason');
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, text);
    }
    const result = await finishAnswer(request, stopwatch, {
      text,
      finishReason: mapOpenAiFinishReason(rawFinishReason),
      rawFinishReason,
      usage,
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

  #toError(error: unknown, model: string, signal: AbortSignal | undefined, partialText?: string): ProviderCallError {
    return toOpenAiProviderError(error, this.errorContext(model, signal, partialText), this.init.sdkErrors);
  }
}
