import type { IncomingHttpHeaders } from 'node:http';
import type { Body, ChatCall, ProtocolHandler, Reply, Route, SimError, StreamFrames } from './protocol.js';
import { bearerToken, contentText, jsonBody } from './protocol.js';
import type { SimProviderSpec } from '../types.js';

// Ollama's native API (protocols.md section 4): NDJSON streams ending in a `done:true` line with
// nanosecond durations, `{"error":"..."}` envelopes, `stream` true unless the body says false.

const VERSION = '0.12.3';
const NS_PER_MS = 1_000_000;

/** `llama3.2` and `llama3.2:latest` name the same model. */
export function withTag(model: string): string {
  return model.includes(':') ? model : `${model}:latest`;
}

function ollamaMessage(error: SimError): string {
  switch (error.kind) {
    case 'auth':
      return error.message ?? 'unauthorized';
    case 'rate_limit':
      return error.message ?? 'too many requests';
    case 'server':
      return error.message ?? 'llama runner process has terminated: exit status 2';
    case 'overloaded':
      return 'server busy, please try again.  maximum pending requests exceeded';
    default:
      return error.message ?? `simulated status ${error.status}`;
  }
}

function parseChat(body: unknown): ChatCall | SimError {
  if (typeof body !== 'object' || body === null) return { status: 400, kind: 'bad_request', message: 'invalid request body' };
  const request = body as Record<string, unknown>;
  if (typeof request.model !== 'string' || request.model === '') return { status: 400, kind: 'bad_request', message: 'model is required' };
  const messages = Array.isArray(request.messages) ? request.messages : [];
  const options = (request.options ?? {}) as { num_predict?: unknown };
  return {
    model: request.model,
    promptText: messages.map((message) => contentText((message as { content?: unknown })?.content)).join(' '),
    // num_predict -1 (or absent) means "until the model stops".
    maxTokens: typeof options.num_predict === 'number' && options.num_predict >= 0 ? options.num_predict : undefined,
    // The server streams unless told not to; ollama-js always says which.
    stream: request.stream !== false,
    includeUsage: true,
  };
}

function finalFields(reply: Reply, spec: SimProviderSpec): Record<string, unknown> {
  const promptEvalMs = spec.ttftMs ?? 0;
  const evalMs = (spec.msPerToken ?? 0) * reply.outputTokens;
  const loadMs = 1;
  return {
    done: true,
    // The final message as Ollama's API docs show it has no done_reason at all.
    ...(spec.wire?.omitFinishReason ? {} : { done_reason: reply.finishedByLength ? 'length' : 'stop' }),
    total_duration: Math.round((loadMs + promptEvalMs + evalMs) * NS_PER_MS),
    load_duration: loadMs * NS_PER_MS,
    prompt_eval_count: reply.inputTokens,
    prompt_eval_duration: Math.round(promptEvalMs * NS_PER_MS),
    eval_count: reply.outputTokens,
    eval_duration: Math.round(evalMs * NS_PER_MS),
  };
}

function chatStream(reply: Reply, spec: SimProviderSpec): StreamFrames {
  const createdAt = new Date().toISOString();
  const prefix = `{"model":${JSON.stringify(reply.model)},"created_at":"${createdAt}","message":{"role":"assistant","content":`;
  const frames = reply.pieces.map((piece) => `${prefix}${JSON.stringify(piece)}},"done":false}\n`);
  const last = { model: reply.model, created_at: createdAt, message: { role: 'assistant', content: '' }, ...finalFields(reply, spec) };
  return { contentType: 'application/x-ndjson', head: '', frames, tail: `${JSON.stringify(last)}\n` };
}

function ollamaRoute(method: string, path: string): Route | null {
  const read = method === 'GET' || method === 'HEAD';
  if (read && (path === '' || path === '/')) return { kind: 'banner', head: method === 'HEAD' };
  if (method === 'POST' && path === '/api/chat') return { kind: 'chat' };
  if (read && path === '/api/tags') return { kind: 'models' };
  if (read && path === '/api/version') return { kind: 'version' };
  return null;
}

function tagEntry(model: string): unknown {
  const name = withTag(model);
  const family = name.split(/[:.\d]/)[0] || 'llama';
  return {
    name,
    model: name,
    modified_at: '2025-05-04T17:37:44.706015396-07:00',
    size: 2019393189,
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
    details: { parent_model: '', format: 'gguf', family, families: [family], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
  };
}

export const ollamaProtocol: ProtocolHandler = {
  replyIdPrefix: 'ollama-sim',
  defaultModels: ['llama3.2:latest', 'qwen2.5:7b'],
  // ollama-js keeps a path prefix on its host and appends /api/<endpoint>.
  baseUrl: (prefixUrl) => prefixUrl,
  route: (method, path) => ollamaRoute(method, path),
  presentedKey: (headers: IncomingHttpHeaders) => bearerToken(headers),
  parseChat: (body) => parseChat(body),
  knowsModel: (model, models) => models.some((known) => withTag(known) === withTag(model)),
  modelNotFound: (model) => ({ status: 404, kind: 'model_not_found', message: `model '${withTag(model)}' not found` }),
  error: (error): Body => {
    if (error.kind === 'route_not_found') return { status: 404, contentType: 'text/plain', text: '404 page not found' };
    return jsonBody(error.status, { error: ollamaMessage(error) });
  },
  rateLimitHeaders: () => ({}),
  commonHeaders: () => ({}),
  info: (route, models) => {
    if (route.kind === 'banner') return { status: 200, contentType: 'text/plain; charset=utf-8', text: route.head ? '' : 'Ollama is running' };
    if (route.kind === 'version') return jsonBody(200, { version: VERSION });
    if (route.kind === 'models') return jsonBody(200, { models: models.map(tagEntry) });
    return { status: 404, kind: 'route_not_found' };
  },
  chatJson: (reply, _call, context) =>
    jsonBody(200, {
      model: reply.model,
      created_at: new Date().toISOString(),
      message: { role: 'assistant', content: reply.text },
      ...finalFields(reply, context.spec),
    }),
  chatStream: (reply, _call, context) => chatStream(reply, context.spec),
  streamErrorFrame: () => `${JSON.stringify({ error: 'an error was encountered while running the model: unexpected EOF' })}\n`,
};
