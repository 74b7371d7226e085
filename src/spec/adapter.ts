import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from './chat.js';
import type { ProviderType } from './config.js';

/**
 * An adapter only translates between llmx's normalized shapes and one provider's SDK.
 * It never retries (SDK retries are off), never prices, never logs: the router owns that.
 * Every failure leaves it as a ProviderCallError.
 */
export interface ProviderAdapter {
  readonly name: string;
  readonly type: ProviderType;
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  stream(request: ChatRequest, options?: CallOptions): AsyncIterable<StreamEvent>;
  /** The cheapest authenticated call: model list, tags or version. Throws ProviderCallError. */
  ping(options?: CallOptions): Promise<PingResult>;
}
