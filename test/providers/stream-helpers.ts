import type { ChatResult, StreamEvent, UsageSoFar } from '../../src/spec/chat.js';
import { ProviderCallError } from '../../src/spec/errors.js';

export interface CollectedStream {
  deltas: string[];
  /** Every `usage` event (what the server reported part-way), in order. */
  usages: UsageSoFar[];
  result: ChatResult;
  /** How many `done` events arrived (must be exactly one). */
  doneCount: number;
}

export async function collectStream(stream: AsyncIterable<StreamEvent>): Promise<CollectedStream> {
  const deltas: string[] = [];
  const usages: UsageSoFar[] = [];
  let result: ChatResult | undefined;
  let doneCount = 0;
  for await (const event of stream) {
    if (event.type === 'delta') deltas.push(event.text);
    else if (event.type === 'usage') usages.push(event.usage);
    else {
      doneCount += 1;
      result = event.result;
    }
  }
  if (!result) throw new Error('stream ended without a done event');
  return { deltas, usages, result, doneCount };
}

/** Awaits a call that must fail and returns its ProviderCallError (anything else fails the test). */
export async function providerErrorOf(work: Promise<unknown> | (() => Promise<unknown>)): Promise<ProviderCallError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof ProviderCallError) return error;
    throw new Error(`expected a ProviderCallError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Drains a stream that must fail, returning the deltas seen before the failure and the error. */
export async function streamFailure(stream: AsyncIterable<StreamEvent>): Promise<{ deltas: string[]; error: ProviderCallError }> {
  const deltas: string[] = [];
  const error = await providerErrorOf(async () => {
    for await (const event of stream) if (event.type === 'delta') deltas.push(event.text);
  });
  return { deltas, error };
}
