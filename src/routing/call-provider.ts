import type { ProviderAdapter } from '../spec/adapter.js';
import type { ChatRequest, ChatResult } from '../spec/chat.js';
import { ProviderCallError } from '../spec/errors.js';
import type { Target } from '../spec/events.js';

export interface ProviderCall {
  adapter: () => Promise<ProviderAdapter>;
  request: ChatRequest;
  target: Target;
  stream: boolean;
  onDelta?: (text: string) => void;
  /** Ctrl-C from the caller. */
  userSignal?: AbortSignal;
  /** This attempt's timeout, ms. */
  timeoutMs: number;
  now: () => number;
  startedAtMs: number;
}

export type CallOutcome =
  | { ok: true; result: ChatResult }
  | { ok: false; error: ProviderCallError; ttftMs: number | null; partialText?: string; interrupted: boolean };

/**
 * One attempt: the caller's signal and this attempt's timeout combined into the one signal the SDK
 * sees; deltas passed on as they arrive. Never throws: a failure comes back classified, with what
 * the user already saw (partialText) and whether the user interrupted.
 */
export async function callProvider(call: ProviderCall): Promise<CallOutcome> {
  const { target } = call;
  const timeoutSignal = AbortSignal.timeout(call.timeoutMs);
  const signal = call.userSignal ? AbortSignal.any([call.userSignal, timeoutSignal]) : timeoutSignal;
  let partial = '';
  let delivered = false;
  let ttftMs: number | null = null;
  try {
    const adapter = await call.adapter();
    if (!call.stream) return { ok: true, result: await adapter.chat(call.request, { signal }) };
    let result: ChatResult | undefined;
    for await (const event of adapter.stream(call.request, { signal })) {
      if (event.type === 'delta') {
        if (!delivered) ttftMs = call.now() - call.startedAtMs;
        delivered = true;
        partial += event.text;
        call.onDelta?.(event.text);
      } else {
        result = event.result;
      }
    }
    if (!result) throw new ProviderCallError({ provider: target.provider, model: target.model, errorClass: 'network', message: 'stream ended without a final message' });
    return { ok: true, result };
  } catch (caught) {
    const interrupted = call.userSignal?.aborted ?? false;
    const error = toCallError(caught, target, { interrupted, timedOut: timeoutSignal.aborted, timeoutMs: call.timeoutMs });
    if (delivered) error.partialText = partial;
    return { ok: false, error, ttftMs, ...(delivered ? { partialText: partial } : {}), interrupted };
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
