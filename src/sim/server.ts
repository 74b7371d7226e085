import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../spec/errors.js';
import { faultBody } from './fault-bodies.js';
import { decideOutcome, outcomeKey, retryAfterMsFor, type Outcome } from './outcome.js';
import { SimulatedProvider } from './provider-state.js';
import type { ChatCall, ProtocolContext, Reply, Route, SimError, StreamFrames } from './protocols/protocol.js';
import { isSimError, secondsHeader } from './protocols/protocol.js';
import { cutConnection, sendBody, tokensBeforeDrop, writeDelayedBody, writeTimedStream } from './response-writer.js';
import { tokenDueTimesMs } from './schedule.js';
import { countWords, replyPieces, tokenPieces } from './text.js';
import type { RunningSimulator, SimConfig, SimProviderInfo, SimProviderSpec, StartSimulatorOptions } from './types.js';
import { validateSimConfig } from './validate-spec.js';

const DEFAULT_OUTPUT_TOKENS = 12;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Starts one loopback HTTP server hosting every provider of `config` under `/<name>`. */
export async function startSimulator(config: SimConfig, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  validateSimConfig(config);
  const seed = config.seed ?? 1;
  const providers = new Map(config.providers.map((spec) => [spec.name, new SimulatedProvider(spec, seed)]));
  let counter = 0;
  const nextId = (): number => ++counter;

  const server = createServer((req, res) => {
    handle(req, res, providers, nextId).catch((error: unknown) => {
      // A client that went away mid-request leaves nothing to answer.
      if (res.destroyed) return;
      if (!res.headersSent) {
        sendBody(res, { status: 500, contentType: 'application/json', text: JSON.stringify({ error: `simulator internal error: ${String(error)}` }) }, {});
      } else {
        cutConnection(res);
      }
    });
  });
  // Each token must leave as soon as it is written; Nagle would batch them and blur the timing.
  server.on('connection', (socket) => socket.setNoDelay(true));

  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE') reject(new UsageError(`--port ${requestedPort}: ${host}:${requestedPort} is already in use`, { cause: error }));
      else if (error.code === 'EACCES') reject(new UsageError(`--port ${requestedPort}: not allowed to listen on ${host}:${requestedPort}`, { cause: error }));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new UsageError(`--host ${host}: not an address of this machine`, { cause: error }));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(requestedPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;
  const info: Record<string, SimProviderInfo> = {};
  for (const [name, provider] of providers) {
    info[name] = { protocol: provider.spec.protocol, baseUrl: provider.protocol.baseUrl(`${url}/${encodeURIComponent(name)}`), models: provider.models };
  }

  const providerNamed = (name: string): SimulatedProvider => {
    const provider = providers.get(name);
    if (!provider) throw new Error(`no simulated provider named "${name}" (known: ${[...providers.keys()].join(', ')})`);
    return provider;
  };

  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    providers: info,
    stats: (name) => providerNamed(name).stats(),
    update: (name, patch) => {
      const provider = providerNamed(name);
      provider.update(patch);
      info[name].models = provider.models;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests and idle keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorKindFor(status: number): SimError['kind'] {
  if (status === 429) return 'rate_limit';
  if (status === 401) return 'auth';
  if (status === 404) return 'model_not_found';
  if (status === 400 || status === 413 || status === 422) return 'bad_request';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  return 'other';
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  providers: Map<string, SimulatedProvider>,
  nextId: () => number,
): Promise<void> {
  // The clock of this request starts when its headers arrive; every token is scheduled from here.
  const startMs = performance.now();
  const url = new URL(req.url ?? '/', 'http://sim');
  const segments = url.pathname.split('/');
  const name = decodeURIComponent(segments[1] ?? '');
  const provider = providers.get(name);
  if (!provider) {
    await readBody(req).catch(() => '');
    const known = [...providers.keys()].map((key) => `/${key}`).join(', ');
    sendBody(res, { status: 404, contentType: 'application/json', text: JSON.stringify({ error: `no simulated provider at /${name}; known: ${known}` }) }, {});
    return;
  }
  const path = `/${segments.slice(2).join('/')}`;
  const { spec, protocol } = provider;
  const id = nextId();
  const context: ProtocolContext = { spec, requestId: `req_sim${id.toString(16).padStart(8, '0')}` };
  let headers = protocol.commonHeaders(context);
  provider.countRequest();

  const fail = (error: SimError, extraHeaders: Record<string, string> = {}): void => {
    provider.countOutcome(String(error.status));
    sendBody(res, protocol.error(error, context), { ...headers, ...extraHeaders });
  };

  const method = req.method ?? 'GET';
  const route: Route | null = protocol.route(method, path, url.searchParams);
  const rawBody = method === 'POST' || method === 'PUT' ? await readBody(req) : '';
  if (!route) return fail({ status: 404, kind: 'route_not_found', message: `Invalid URL (${method} ${path})` });

  if (spec.apiKey !== undefined && protocol.presentedKey(req.headers) !== spec.apiKey) return fail({ status: 401, kind: 'auth' });
  const invalid = protocol.checkRequest?.(route, url.searchParams, req.headers);
  if (invalid) return fail(invalid);

  let call: ChatCall | undefined;
  if (route.kind === 'chat') {
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return fail({ status: 400, kind: 'bad_request', message: 'We could not parse the JSON body of your request.' });
    }
    const parsed = protocol.parseChat(body, route);
    if (isSimError(parsed)) return fail(parsed);
    if (spec.strictModels && !protocol.knowsModel(parsed.model, provider.models)) return fail(protocol.modelNotFound(parsed.model));
    if (spec.wire?.rejectStreamOptions && parsed.sentStreamOptions) {
      return fail({ status: 400, kind: 'bad_request', message: 'Unrecognized request argument supplied: stream_options' });
    }
    call = parsed;
  }

  const rate = spec.requestsPerMinute !== undefined ? provider.window.admit(spec.requestsPerMinute, startMs) : null;
  if (rate) headers = { ...headers, ...protocol.rateLimitHeaders(rate) };
  const drawn = decideOutcome(spec, provider.random, rate, () => provider.takeScriptStep());
  // Only a stream can fail after its 200; anything else reports the failure as a plain 500.
  const streamed = call?.stream === true && !spec.wire?.jsonForStream;
  const outcome: Outcome = drawn.kind === 'stream_error' && !streamed ? { kind: 'error', status: 500, cause: 'scripted' } : drawn;

  if (outcome.kind === 'error') {
    const retryAfterMs = retryAfterMsFor(outcome, spec);
    const retryHeaders: Record<string, string> = retryAfterMs === undefined ? {} : { 'retry-after-ms': String(Math.round(retryAfterMs)), 'retry-after': secondsHeader(retryAfterMs) };
    const message =
      outcome.cause === 'rate_limit' && rate
        ? `Rate limit reached for requests per min (RPM): Limit ${rate.limit}, Used ${rate.limit}, Requested 1. Please try again in ${Math.ceil(rate.nextSlotMs / 1000)}s.`
        : undefined;
    const kind = errorKindFor(outcome.status);
    const error: SimError = kind === 'model_not_found' && call ? protocol.modelNotFound(call.model) : { status: outcome.status, kind, message };
    return fail({ ...error, status: outcome.status }, retryHeaders);
  }
  provider.countOutcome(outcomeKey(outcome));
  // A hung request is simply never answered; close() or the client's timeout ends its socket.
  if (outcome.kind === 'hang') return;
  const fault = faultBody(outcome.kind, protocol, context, { method, url: req.url ?? '/', headers: req.headers });
  if (fault) return sendBody(res, fault, headers);

  if (!call) {
    if (outcome.kind === 'drop') return cutConnection(res);
    const body = protocol.info(route, provider.models, context);
    if (isSimError(body)) return fail(body);
    return sendBody(res, body, headers);
  }

  const reply = buildReply(call, spec, `${protocol.replyIdPrefix}${id}`, outcome.kind === 'refusal');
  if (spec.responseCostHeader !== undefined) headers = { ...headers, 'x-litellm-response-cost': String(spec.responseCostHeader) };
  const ttftMs = spec.ttftMs ?? 0;
  const dueMs = tokenDueTimesMs(startMs, ttftMs, spec.msPerToken ?? 0, reply.pieces.length);
  const firstDueMs = dueMs[0] ?? startMs + ttftMs;
  const drop = outcome.kind === 'drop';
  // Some compatible and mock servers answer a stream request with the plain JSON completion.
  if (streamed) {
    const frames = protocol.chatStream(reply, call, context);
    const stream = spec.wire?.sseComments ? withSseComments(frames) : frames;
    const fails = drop || outcome.kind === 'stream_error' || outcome.kind === 'truncate';
    writeTimedStream(res, stream, dueMs, headers, {
      firstDueMs,
      stopAfterTokens: fails ? tokensBeforeDrop(reply.pieces.length) : undefined,
      errorFrame: outcome.kind === 'stream_error' ? protocol.streamErrorFrame(context) : undefined,
      endCleanly: outcome.kind === 'truncate',
    });
  } else {
    const lastDueMs = dueMs.length > 0 ? dueMs[drop ? tokensBeforeDrop(dueMs.length) : dueMs.length - 1] : firstDueMs;
    const body = protocol.chatJson(reply, call, context);
    // A truncated body is complete as HTTP (its length matches) but cut mid-JSON, as a broken proxy sends it.
    const sent = outcome.kind === 'truncate' ? { ...body, text: body.text.slice(0, Math.floor(body.text.length / 2)) } : body;
    writeDelayedBody(res, sent, headers, { dueMs: lastDueMs, drop });
  }
}

/** A keep-alive comment before every SSE event (OpenRouter, proxies); clients must skip it. */
function withSseComments(stream: StreamFrames): StreamFrames {
  if (!stream.contentType.startsWith('text/event-stream')) return stream;
  // Each part may hold several events (the tail: finish, usage, [DONE]): a comment before each.
  const commented = (text: string): string => text.replace(/(^|\n\n)(?=[^\n])/g, '$1: ping\n\n');
  return { ...stream, head: commented(stream.head), frames: stream.frames.map(commented), tail: commented(stream.tail) };
}

/** The `refusal` script word's answer, one word per token, in whatever form the protocol gives refusals. */
const REFUSAL_TEXT = "I'm sorry, but I can't help with that.";

function buildReply(call: ChatCall, spec: SimProviderSpec, id: string, refusal: boolean): Reply {
  const wantedTokens = spec.outputTokens ?? DEFAULT_OUTPUT_TOKENS;
  // A refusal is a short fixed answer, whatever the output length or the cap.
  const capped = !refusal && call.maxTokens !== undefined && call.maxTokens < wantedTokens;
  const count = capped ? Math.max(0, call.maxTokens ?? 0) : wantedTokens;
  const pieces = refusal ? tokenPieces(REFUSAL_TEXT.split(' ')) : replyPieces(call.promptText, count, spec.replyText);
  const reasoningTokens = spec.reasoningTokens ?? 0;
  return {
    id,
    createdS: Math.floor(Date.now() / 1000),
    model: call.model,
    pieces,
    text: pieces.join(''),
    finishedByLength: capped,
    inputTokens: spec.inputTokens ?? countWords(call.promptText),
    inputTokensAsSent: spec.inputTokens !== undefined,
    outputTokens: pieces.length + reasoningTokens,
    cacheReadTokens: spec.cacheReadTokens ?? 0,
    cacheWrite5mTokens: spec.cacheWrite5mTokens ?? 0,
    cacheWrite1hTokens: spec.cacheWrite1hTokens ?? 0,
    reasoningTokens,
    serviceTier: spec.serviceTier ?? call.serviceTier,
    usageCost: spec.usageCost,
    refusal,
  };
}
