import type { ProviderAdapter } from '../../spec/adapter.js';
import { completeUsage } from '../../providers/index.js';
import type { ChatRequest, ChatResult, OptionalWireFeature, Usage, UsageSoFar } from '../../spec/chat.js';
import { ProviderCallError } from '../../spec/errors.js';
import type { Target } from '../../spec/events.js';
import type { DeadlineSource } from './deadlines.js';

export interface ProviderCall {
  adapter: () => ProviderAdapter | Promise<ProviderAdapter>;
  request: ChatRequest;
  target: Target;
  stream: boolean;
  onDelta?: (text: string) => void;
  /** What to leave out of the request (the server refused it before). */
  without?: readonly OptionalWireFeature[];
  /** Ctrl-C from the caller. */
  userSignal?: AbortSignal;
  /** This attempt's timeout, ms. */
  timeoutMs: number;
  deadlines: DeadlineSource;
  /** The clock durations are measured on (ms) and its reading when the attempt started. */
  elapsed: () => number;
  startedMs: number;
}

/**
 * A failed call: classified, with when its first text arrived and what of the answer the caller
 * already received (a stream that broke after its first delta) and what that part used.
 */
export interface CallFailure {
  ok: false;
  error: ProviderCallError;
  /** ms from the attempt's start to its first delta; null when none arrived. */
  ttftMs: number | null;
  /** The text delivered through onDelta before the failure; absent when none was. */
  partialText?: string;
  /**
   * What the partial answer used, as it is billed: the server's input count when the stream
   * reported one (Anthropic's message_start), else the tokenizer's; the delivered text's output
   * tokens counted locally. Marked estimated. Present exactly when partialText is.
   */
  partialUsage?: Usage;
  /** The caller aborted (Ctrl-C), as opposed to a timeout or a provider failure. */
  interrupted: boolean;
}

export type CallOutcome = { ok: true; result: ChatResult } | CallFailure;

/**
 * One call to one adapter: the caller's signal and this attempt's timeout combined into the one
 * signal the SDK sees; deltas passed on as they arrive. Never throws: a failure comes back
 * classified (here, and only here, are our own timeout and the caller's abort told apart).
 */
export async function callProvider(call: ProviderCall): Promise<CallOutcome> {
  const { target } = call;
  const deadline = call.deadlines.begin(call.userSignal, call.timeoutMs);
  const { signal } = deadline;
  let partial = '';
  let delivered = false;
  let ttftMs: number | null = null;
  let reported: UsageSoFar | undefined;
  try {
    const adapter = await call.adapter();
    if (!call.stream) return { ok: true, result: await adapter.chat(call.request, { signal }) };
    let result: ChatResult | undefined;
    const options = call.without && call.without.length > 0 ? { signal, without: call.without } : { signal };
    for await (const event of adapter.stream(call.request, options)) {
      if (event.type === 'delta') {
        if (!delivered) ttftMs = call.elapsed() - call.startedMs;
        delivered = true;
        partial += event.text;
        call.onDelta?.(event.text);
      } else if (event.type === 'usage') {
        reported = event.usage;
      } else {
        result = event.result;
      }
    }
    if (!result) throw new ProviderCallError({ provider: target.provider, model: target.model, errorClass: 'network', message: 'stream ended without a final message' });
    return { ok: true, result };
  } catch (caught) {
    const interrupted = call.userSignal?.aborted ?? false;
    const error = toCallError(caught, target, { interrupted, timedOut: deadline.timedOut(), timeoutMs: call.timeoutMs });
    const failure: CallFailure = { ok: false, error, ttftMs, interrupted };
    if (delivered) {
      failure.partialText = partial;
      // The server's output count so far is not the delivered text's (Anthropic's message_start says 1): count it.
      failure.partialUsage = await completeUsage({ inputTokens: reported?.inputTokens, cachedInputTokens: reported?.cachedInputTokens }, call.request, partial);
    }
    return failure;
  } finally {
    deadline.release();
  }
}

/** Whatever an adapter threw, as a ProviderCallError: our own timeout and the user's abort told apart. */
function toCallError(caught: unknown, target: Target, how: { interrupted: boolean; timedOut: boolean; timeoutMs: number }): ProviderCallError {
  const { provider, model } = target;
  if (how.interrupted) {
    return caught instanceof ProviderCallError && caught.errorClass === 'aborted'
      ? caught
      : new ProviderCallError({ provider, model, errorClass: 'aborted', message: 'interrupted', cause: caught });
  }
  if (how.timedOut && (!(caught instanceof ProviderCallError) || caught.errorClass === 'aborted')) {
    return new ProviderCallError({ provider, model, errorClass: 'timeout', message: `no answer within ${how.timeoutMs} ms`, cause: caught });
  }
  if (caught instanceof ProviderCallError) return caught;
  const message = caught instanceof Error ? caught.message : String(caught);
  return new ProviderCallError({ provider, model, errorClass: 'other', message: `unexpected error: ${message}`, cause: caught });
}
