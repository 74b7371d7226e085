import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/wire/', import.meta.url));

/** Reads a recorded wire response from fixtures/wire/. */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURE_DIR}${name}`, 'utf8');
}

/** What the fake server answers to one request. */
export interface WireResponse {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Default: derived from the fixture extension (.json, .sse, .ndjson), else application/json. */
  contentType?: string;
  /** A file under fixtures/wire/. */
  fixture?: string;
  /** Literal body (instead of a fixture). */
  body?: string;
  /** Write this many bytes of the body, then destroy the socket (a dropped connection). */
  dropAfterBytes?: number;
  /** Write this many bytes of the body (0 = headers only), then keep the connection open forever. */
  hangAfterBytes?: number;
  /** Never answer at all: no status line, no headers. */
  hang?: boolean;
  /** Pause this long before writing the event (SSE event / NDJSON line) at `beforeEvent`. */
  pause?: { beforeEvent: number; ms: number };
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /v1/chat/completions or /openai/models?api-version=... */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** Resolves when the client's socket for this request closes (an abort reached the wire). */
  closed: Promise<void>;
}

export type WireHandler = (request: RecordedRequest) => WireResponse;

export interface WireServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Sets how every following request is answered. */
  respond(handler: WireHandler | WireResponse): void;
  /** Resolves once `count` requests in total have arrived. */
  requestArrived(count?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (ephemeral port) that replays recorded provider responses. */
export async function startWireServer(): Promise<WireServer> {
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ count: number; resolve: (request: RecordedRequest) => void }> = [];
  let handler: WireHandler = () => ({ status: 404, body: '{"error":"no handler"}' });
  const sockets = new Set<import('node:net').Socket>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closed,
      };
      requests.push(recorded);
      for (const waiter of waiters.splice(0)) {
        if (requests.length >= waiter.count) waiter.resolve(requests[waiter.count - 1]);
        else waiters.push(waiter);
      }
      void answer(res, handler(recorded));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      handler = typeof next === 'function' ? next : () => next;
    },
    requestArrived(count = requests.length + 1) {
      if (requests.length >= count) return Promise.resolve(requests[count - 1]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

async function answer(res: ServerResponse, response: WireResponse): Promise<void> {
  if (response.hang) return;
  const body = response.fixture !== undefined ? fixture(response.fixture) : (response.body ?? '');
  res.writeHead(response.status ?? 200, {
    'content-type': response.contentType ?? contentTypeOf(response.fixture),
    ...response.headers,
  });
  if (response.dropAfterBytes !== undefined) {
    res.write(body.slice(0, response.dropAfterBytes));
    // Let the bytes leave before the connection is cut, as a crashing upstream would.
    setImmediate(() => res.socket?.destroy());
    return;
  }
  if (response.hangAfterBytes !== undefined) {
    if (response.hangAfterBytes > 0) res.write(body.slice(0, response.hangAfterBytes));
    else res.flushHeaders();
    return;
  }
  if (response.pause) {
    const events = splitEvents(body);
    for (const [index, event] of events.entries()) {
      if (index === response.pause.beforeEvent) await new Promise((resolve) => setTimeout(resolve, response.pause?.ms));
      res.write(event);
    }
    res.end();
    return;
  }
  res.end(body);
}

/** SSE events end with a blank line; NDJSON lines with a newline. Keeps the separators. */
function splitEvents(body: string): string[] {
  const separator = body.includes('\n\n') ? '\n\n' : '\n';
  return body
    .split(separator)
    .filter((part) => part !== '')
    .map((part) => part + separator);
}

function contentTypeOf(fixtureName: string | undefined): string {
  if (fixtureName?.endsWith('.sse')) return 'text/event-stream; charset=utf-8';
  if (fixtureName?.endsWith('.ndjson')) return 'application/x-ndjson';
  return 'application/json';
}
