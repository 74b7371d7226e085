import type { ServerResponse } from 'node:http';
import { DueTimer } from './due-timer.js';
import type { Body, StreamFrames } from './protocols/protocol.js';

/** How many tokens a dropped or failing stream delivers before it is cut or ends with an error. */
export function tokensBeforeDrop(tokenCount: number): number {
  return Math.min(3, Math.max(0, tokenCount - 1));
}

export function sendBody(res: ServerResponse, body: Body, headers: Record<string, string>): void {
  res.writeHead(body.status, {
    ...headers,
    ...body.headers,
    'content-type': body.contentType,
    'content-length': String(Buffer.byteLength(body.text)),
  });
  res.end(body.text);
}

/** Cuts the connection the way a crashed upstream or a proxy reset would: no final chunk, no clean end. */
export function cutConnection(res: ServerResponse): void {
  res.socket?.destroy();
}

/**
 * Writes a stream with each token at its due time (absolute, from `tokenDueTimes`); the head goes
 * out with the first token and the tail with the last. Frames already due are coalesced into one
 * write, so at zero latency the whole stream is a single write. Stops when the client goes away.
 */
export function writeTimedStream(
  res: ServerResponse,
  stream: StreamFrames,
  dueMs: readonly number[],
  headers: Record<string, string>,
  options: {
    firstDueMs: number;
    /** Stop after this many tokens: cut the connection, end with `errorFrame` when given, or end cleanly with `endCleanly`. */
    stopAfterTokens?: number;
    errorFrame?: string;
    endCleanly?: boolean;
    now?: () => number;
  },
): void {
  const now = options.now ?? (() => performance.now());
  const timer = new DueTimer(now);
  res.on('close', () => timer.cancel());
  res.writeHead(200, { ...headers, 'content-type': stream.contentType, 'cache-control': 'no-cache' });
  // Headers now, so the SDK's create() resolves and the client's time to first token is the token's;
  // when the first token is already due they leave in the same write as the body.
  if (options.firstDueMs > now()) res.flushHeaders();

  const lastIndex = options.stopAfterTokens ?? stream.frames.length;
  let next = 0;
  const pump = (): void => {
    if (res.destroyed) return;
    const nowMs = now();
    let text = next === 0 ? stream.head : '';
    while (next < lastIndex && (next === 0 || dueMs[next] <= nowMs)) {
      text += stream.frames[next];
      next++;
    }
    if (next >= lastIndex) {
      if (options.errorFrame !== undefined) res.end(text + options.errorFrame);
      else if (options.endCleanly) res.end(text);
      else if (options.stopAfterTokens !== undefined) res.write(text, () => cutConnection(res));
      else res.end(text + stream.tail);
      return;
    }
    res.write(text);
    timer.at(dueMs[next], pump);
  };
  timer.at(options.firstDueMs, pump);
}

/** Sends a whole body once the last token would have been generated (or cuts the connection then). */
export function writeDelayedBody(
  res: ServerResponse,
  body: Body,
  headers: Record<string, string>,
  options: { dueMs: number; drop: boolean },
): void {
  const timer = new DueTimer();
  res.on('close', () => timer.cancel());
  timer.at(options.dueMs, () => {
    if (res.destroyed) return;
    if (options.drop) cutConnection(res);
    else sendBody(res, body, headers);
  });
}
