import type { ProviderAdapter } from '../../spec/adapter.js';
import type { CallOptions, ChatRequest, ChatResult, PingResult, StreamEvent } from '../../spec/chat.js';
import type { ProviderConfig, ProviderType } from '../../spec/config.js';
import type { ProviderCallError } from '../../spec/errors.js';
import type { ResolvedAdapterOptions } from '../adapter-options.js';
import type { ErrorContext } from './build-provider-error.js';
import type { FetchObservation } from './response-facts.js';
import { startStopwatch } from './stopwatch.js';

/** What every SDK adapter is built from. */
export interface SdkAdapterInit {
  provider: ProviderConfig;
  options: ResolvedAdapterOptions;
}

/** The part of an adapter that does not depend on its protocol: identity, ping timing, error context. */
export abstract class SdkAdapter<Init extends SdkAdapterInit> implements ProviderAdapter {
  readonly name: string;
  readonly type: ProviderType;
  // A true private field behind a getter: the init holds the key and the client, which must never
  // show up when an adapter is inspected or serialised.
  readonly #init: Init;

  constructor(init: Init) {
    this.#init = init;
    this.name = init.provider.name;
    this.type = init.provider.type;
  }

  protected get init(): Init {
    return this.#init;
  }

  abstract chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  abstract stream(request: ChatRequest, options?: CallOptions): AsyncIterable<StreamEvent>;
  abstract ping(options?: CallOptions): Promise<PingResult>;

  /** Times `call` as a ping reporting `check`; a failure is classified against the provider's first model. */
  protected async timePing(check: string, call: () => Promise<unknown>, toError: (error: unknown, model: string) => ProviderCallError): Promise<PingResult> {
    const stopwatch = startStopwatch(this.#init.options.now);
    try {
      await call();
      return { ok: true, latencyMs: stopwatch.elapsedMs(), check };
    } catch (error) {
      throw toError(error, this.#init.provider.models[0] ?? '');
    }
  }

  /** What a classifier needs to know about the call that failed. */
  protected errorContext(model: string, signal: AbortSignal | undefined, observation?: FetchObservation): ErrorContext {
    return { provider: this.#init.provider, model, signal, wallClockMs: this.#init.options.wallClockMs(), observation };
  }
}
