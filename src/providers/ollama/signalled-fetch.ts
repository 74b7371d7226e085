import { describeResponse, observeResponse, ResponseTooLargeError, UnusableBodyError, type FetchObservation } from '../shared/response-facts.js';

/**
 * A fetch for ollama-js that (1) carries the caller's AbortSignal to the socket, which ollama-js
 * cannot do for non-streaming calls, (2) observes the response (headers for a 429's retry-after,
 * size, content type; capped reads), and (3) hands ollama-js every error body as JSON, because for
 * anything else its error path console.log()s onto stdout, which belongs to the answer.
 */
export function signalledFetch(signal: AbortSignal | undefined, observation: FetchObservation): typeof fetch {
  return async (input, init = {}) => {
    const signals = [init.signal, signal].filter((candidate): candidate is AbortSignal => !!candidate);
    const merged = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const response = observeResponse(await fetch(input, { ...init, signal: merged }), observation);
    if (!response.ok) return await asJsonErrorResponse(response);
    if (/^text\/html/i.test(response.headers.get('content-type') ?? '')) {
      // ollama-js would warn once per line of the page on stderr and then report a missing done:true.
      await response.text().catch(() => '');
      throw new UnusableBodyError('not an Ollama response');
    }
    return response;
  };
}

async function asJsonErrorResponse(response: Response): Promise<Response> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (!(error instanceof ResponseTooLargeError)) throw error;
    text = `sent ${describeResponse(error.facts)}`;
  }
  let message = text.trim() || `HTTP ${response.status} ${response.statusText}`.trim();
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const inner = (body as { error: unknown }).error;
      message = typeof inner === 'string' ? inner : JSON.stringify(inner);
    }
  } catch {
    // Not JSON (a proxy's HTML page, plain text): the text itself is the message.
  }
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  return new Response(JSON.stringify({ error: message }), { status: response.status, statusText: response.statusText, headers });
}
