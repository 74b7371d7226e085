import type { Anthropic } from '@anthropic-ai/sdk';
import type { Usage as AnthropicUsage } from '@anthropic-ai/sdk/resources/messages/messages';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import type { ProviderCallError } from '../../spec/errors.js';
import { finishAnswer } from '../shared/finish-answer.js';
import { streamEndedEarly } from '../shared/incomplete-stream-error.js';
import { SdkAdapter, type SdkAdapterInit } from '../shared/sdk-adapter.js';
import { startStopwatch } from '../shared/stopwatch.js';
import { buildAnthropicRequest } from './build-anthropic-request.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { toAnthropicProviderError, type AnthropicErrorClasses } from './to-provider-error.js';
import { withRepeatedWarningsSuppressed } from './warn-once.js';

export interface AnthropicAdapterInit extends SdkAdapterInit {
  /** Built with `maxRetries: 0`. */
  client: Anthropic;
  sdkErrors: AnthropicErrorClasses;
  /** What `ping` reports it called. */
  pingCheck: string;
}

type UsageSoFar = Pick<AnthropicUsage, 'input_tokens' | 'output_tokens' | 'cache_read_input_tokens' | 'cache_creation_input_tokens'>;

/** The Messages API over @anthropic-ai/sdk; streams through the raw event stream. */
export class AnthropicAdapter extends SdkAdapter<AnthropicAdapterInit> {
  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    const stopwatch = startStopwatch(this.init.options.now);
    try {
      const message = await withRepeatedWarningsSuppressed(() =>
        this.init.client.messages.create({ ...buildAnthropicRequest(request), stream: false }, { signal: options.signal }),
      );
      let text = '';
      for (const block of message.content) if (block.type === 'text') text += block.text;
      return await finishAnswer(request, stopwatch, {
        text,
        finishReason: mapAnthropicFinishReason(message.stop_reason),
        rawFinishReason: message.stop_reason ?? null,
        usage: convertAnthropicUsage(message.usage),
        answeredModel: message.model,
        ttftMs: null,
      });
    } catch (error) {
      throw this.#toError(error, request.model, options.signal);
    }
  }

  async *stream(request: ChatRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const stopwatch = startStopwatch(this.init.options.now);
    let text = '';
    let ttftMs: number | null = null;
    let answeredModel = '';
    let rawFinishReason: string | null = null;
    let usage: UsageSoFar | undefined;
    let stopped = false;
    try {
      const events = await withRepeatedWarningsSuppressed(() =>
        this.init.client.messages.create({ ...buildAnthropicRequest(request), stream: true }, { signal: options.signal }),
      );
      // The SDK drops `ping` itself and throws on `event: error`.
      for await (const event of events) {
        switch (event.type) {
          case 'message_start':
            answeredModel = event.message.model;
            usage = event.message.usage;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              ttftMs ??= stopwatch.elapsedMs();
              text += event.delta.text;
              yield { type: 'delta', text: event.delta.text };
            }
            break;
          case 'message_delta':
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
      if (!stopped) throw streamEndedEarly(options.signal, 'message_stop');
    } catch (error) {
      throw this.#toError(error, request.model, options.signal, text);
    }
    const result = await finishAnswer(request, stopwatch, {
      text,
      finishReason: mapAnthropicFinishReason(rawFinishReason),
      rawFinishReason,
      usage: convertAnthropicUsage(usage),
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

  #toError(error: unknown, model: string, signal: AbortSignal | undefined, partialText?: string): ProviderCallError {
    return toAnthropicProviderError(error, this.errorContext(model, signal, partialText), this.init.sdkErrors);
  }
}
