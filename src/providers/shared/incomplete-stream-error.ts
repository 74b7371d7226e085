/** A stream that closed before its terminal event (finish reason, message_stop, done:true): a cut connection. */
export class IncompleteStreamError extends Error {
  constructor(what: string) {
    super(`stream ended before ${what}`);
    this.name = 'IncompleteStreamError';
  }
}

/**
 * Why a stream's iteration ended without its terminal event (`what`). The SDKs end iteration
 * quietly on abort (and openai-node on a body closed without [DONE]); an answer that reached its
 * terminal event is complete even if the signal fired just after, so callers check that first.
 */
export function streamEndedEarly(signal: AbortSignal | undefined, what: string): unknown {
  return signal?.aborted ? signal.reason : new IncompleteStreamError(what);
}
