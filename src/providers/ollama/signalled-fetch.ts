/** The last HTTP response the client saw, kept for what ollama-js throws away (its headers). */
export interface CapturedResponse {
  headers?: Headers;
  status?: number;
}

/**
 * A fetch for ollama-js that (1) carries the caller's AbortSignal to the socket, which ollama-js
 * cannot do for non-streaming calls, (2) remembers the response headers so a 429's retry-after
 * survives, and (3) hands ollama-js every error body as JSON, because for anything else its
 * error path console.log()s onto stdout, which belongs to the answer.
 */
export function signalledFetch(signal: AbortSignal | undefined, captured: CapturedResponse): typeof fetch {
  return async (input, init = {}) => {
    const signals = [init.signal, signal].filter((candidate): candidate is AbortSignal => !!candidate);
    const merged = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const response = await fetch(input, { ...init, signal: merged });
    captured.headers = response.headers;
    captured.status = response.status;
    return response.ok ? response : await asJsonErrorResponse(response);
  };
}

async function asJsonErrorResponse(response: Response): Promise<Response> {
  const text = await response.text();
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
