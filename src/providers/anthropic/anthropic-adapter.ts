import type { Anthropic } from '@anthropic-ai/sdk';
import type { Message, RawMessageStreamEvent, Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages/messages';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import type { ProviderCallError } from '../../spec/errors.js';
import { unusableResponse } from '../shared/build-provider-error.js';
import { withBilledCost } from '../shared/billed-cost.js';
import { usageEvent } from '../shared/estimate-usage.js';
import { finishAnswer, type GatheredAnswer } from '../shared/finish-answer.js';
import { streamEndedEarly } from '../shared/incomplete-stream-error.js';
import { observeCall } from '../shared/observed-fetch.js';
import { isJsonMediaType, type FetchObservation } from '../shared/response-facts.js';
import { SdkAdapter, type SdkAdapterInit } from '../shared/sdk-adapter.js';
import { startStopwatch } from '../shared/stopwatch.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { toAnthropicProviderError, type AnthropicErrorClasses } from './to-provider-error.js';
import { withSdkWarningsAsOurs } from './sdk-warnings.js';

export interface AnthropicAdapterInit extends SdkAdapterInit {
  /** Built with `maxRetries: 0`. */
  client: Anthropic;
  sdkErrors: AnthropicErrorClasses;
  /** What `ping` reports it called. */
  pingCheck: string;
}

type UsageSoFar = Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'> &
  Partial<Pick<AnthropicUsage, 'cache_creation' | 'service_tier'>>;

/** The Messages API over @anthropic-ai/sdk; streams through the raw event stream. */
export class AnthropicAdapter extends SdkAdapter<AnthropicAdapterInit> {
  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const stopwatch = startStopwatch(this.init.options.now);
    const observation: FetchObservation = {};
    try {
      const message: unknown = await observeCall(observation, () =>
        withSdkWarningsAsOurs(this.name, () => this.init.client.messages.create({ ...buildAnthropicRequest(request), stream: false }, { signal: options.signal })),
      );
      return await finishAnswer(request, stopwatch, this.#readMessage(message, request.model, options.signal, observation));
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
    let usage: UsageSoFar | undefined;
    let started = false;
    let delta = false;
    let stopped = false;
    try {
      const { data: events, response } = await observeCall(observation, () =>
        withSdkWarningsAsOurs(this.name, () => this.init.client.messages.create({ ...buildAnthropicRequest(request), stream: true }, { signal: options.signal }).withResponse()),
      );
      if (isJsonMediaType(response.headers.get('content-type'))) {
        // A mock or proxy that answers a stream request with a whole Message.
        const answer = this.#readMessage(await response.json(), request.model, options.signal, observation);
        if (answer.text) yield { type: 'delta', text: answer.text };
        yield { type: 'done', result: await finishAnswer(request, stopwatch, { ...answer, ttftMs: answer.text ? stopwatch.elapsedMs() : null }) };
        return;
      }
      // The SDK drops `ping` itself and throws on `event: error`.
      for await (const event of events as AsyncIterable<RawMessageStreamEvent>) {
        switch (event.type) {
          case 'message_start':
            started = true;
            answeredModel = event.message.model;
            usage = event.message.usage;
            // The input count is known from here on: a stream that breaks later is billed with it.
            if (usage) yield usageEvent(convertAnthropicUsage(usage) ?? {});
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              ttftMs ??= stopwatch.elapsedMs();
              text += event.delta.text;
              yield { type: 'delta', text: event.delta.text };
            }
            break;
          case 'message_delta':
            delta = true;
            if (event.delta.stop_reason) rawFinishReason = event.delta.stop_reason;
            usage = mergeAnthropicUsage(usage, event.usage ?? {});
            break;
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      }
      if (!stopped && !delta) {
        if (options.signal?.aborted) throw options.signal.reason;
        if (!started) throw unusableResponse(this.errorContext(request.model, options.signal, observation), 'no events in the stream', undefined);
        // message_delta carries the final usage and stop reason; a stream cut before it is incomplete.
        throw streamEndedEarly(options.signal, 'message_stop');
      }
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, observation);
    }
    const result = await finishAnswer(request, stopwatch, {
      text,
      finishReason: mapAnthropicFinishReason(rawFinishReason),
      rawFinishReason,
      usage: withBilledCost(convertAnthropicUsage(usage), observation),
      answeredModel,
      ttftMs,
    });
    yield { type: 'done', result };
  }

  async ping(options: CallOptions = {}): Promise<PingResult> {
    return this.timePing(
      this.init.pingCheck,
      () => this.init.client.models.list({ limit: 1 }, { signal: options.signal }),
      (error, model) => this.#toError(error, model, options.signal),
    );
  }

  /** A Message body as an answer, its shape checked (an empty or HTML body reaches here as undefined or text). */
  #readMessage(body: unknown, model: string, signal: AbortSignal | undefined, observation: FetchObservation): GatheredAnswer {
    const message = body as Partial<Message> | null | undefined;
    if (typeof message !== 'object' || message === null || !Array.isArray(message.content)) {
      throw unusableResponse(this.errorContext(model, signal, observation), 'not a Messages API message', undefined);
    }
    let text = '';
    for (const block of message.content) if (block.type === 'text') text += block.text;
    return {
      text,
      finishReason: mapAnthropicFinishReason(message.stop_reason),
      rawFinishReason: message.stop_reason ?? null,
      usage: withBilledCost(convertAnthropicUsage(message.usage), observation),
      answeredModel: message.model,
      ttftMs: null,
    };
  }

  #toError(error: unknown, model: string, signal: AbortSignal | undefined, observation?: FetchObservation): ProviderCallError {
    return toAnthropicProviderError(error, this.errorContext(model, signal, observation), this.init.sdkErrors);
  }
}
