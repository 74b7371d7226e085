import type { IncomingHttpHeaders } from 'node:http';
import type { RateSnapshot } from '../rate-window.js';
import { v1Route, type ChatCall, type ProtocolHandler, type Reply, type SimError, type StreamFrames } from './protocol.js';
import { bearerToken, contentText, jsonBody } from './protocol.js';

// The Anthropic Messages wire (protocols.md section 3): named SSE events, cumulative usage in
// message_delta, `{"type":"error",...}` envelopes, RFC 3339 rate-limit resets.

const ERROR_TYPES: Record<string, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function anthropicMessage(error: SimError): string {
  switch (error.kind) {
    case 'auth':
      return error.message ?? 'invalid x-api-key';
    case 'rate_limit':
      return error.message ?? 'Number of requests has exceeded your per-minute rate limit.';
    case 'server':
      return 'Internal server error';
    case 'overloaded':
      return 'Overloaded';
    case 'out_of_credit':
      return 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.';
    default:
      return error.message ?? `simulated status ${error.status}`;
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function stopReason(reply: Reply): string {
  if (reply.refusal) return 'refusal';
  return reply.finishedByLength ? 'max_tokens' : 'end_turn';
}

/** Input in three disjoint counts (uncached, cache writes, cache reads), writes split by lifetime. */
function usage(reply: Reply, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: reply.inputTokens,
    cache_creation_input_tokens: reply.cacheWrite5mTokens + reply.cacheWrite1hTokens,
    cache_read_input_tokens: reply.cacheReadTokens,
    cache_creation: { ephemeral_5m_input_tokens: reply.cacheWrite5mTokens, ephemeral_1h_input_tokens: reply.cacheWrite1hTokens },
    output_tokens: outputTokens,
    service_tier: reply.serviceTier ?? 'standard',
  };
}

function parseMessages(body: unknown): ChatCall | SimError {
  if (typeof body !== 'object' || body === null) return { status: 400, kind: 'bad_request', message: 'Request body must be a JSON object' };
  const request = body as Record<string, unknown>;
  if (typeof request.model !== 'string' || request.model === '') return { status: 400, kind: 'bad_request', message: 'model: Field required' };
  if (typeof request.max_tokens !== 'number') return { status: 400, kind: 'bad_request', message: 'max_tokens: Field required' };
  if (!Array.isArray(request.messages)) return { status: 400, kind: 'bad_request', message: 'messages: Field required' };
  const system = contentText(request.system);
  const messages = request.messages.map((message) => contentText((message as { content?: unknown })?.content));
  return {
    model: request.model,
    promptText: [system, ...messages].join(' '),
    maxTokens: request.max_tokens,
    stream: request.stream === true,
    includeUsage: true,
  };
}

function messagesStream(reply: Reply): StreamFrames {
  const start = {
    type: 'message_start',
    message: {
      id: reply.id,
      type: 'message',
      role: 'assistant',
      model: reply.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(reply, 1),
    },
  };
  const head =
    event('message_start', start) +
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    event('ping', { type: 'ping' });
  const frames = reply.pieces.map((text) =>
    event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
  );
  const tail =
    event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(reply), stop_sequence: null },
      // Cumulative totals, as the API sends them (the SDK overwrites, never adds).
      usage: {
        input_tokens: reply.inputTokens,
        cache_creation_input_tokens: reply.cacheWrite5mTokens + reply.cacheWrite1hTokens,
        cache_read_input_tokens: reply.cacheReadTokens,
        output_tokens: reply.outputTokens,
      },
    }) +
    event('message_stop', { type: 'message_stop' });
  return { contentType: 'text/event-stream; charset=utf-8', head, frames, tail };
}

function modelObject(id: string): unknown {
  return { type: 'model', id, display_name: id, created_at: '2025-09-29T00:00:00Z' };
}

export const anthropicProtocol: ProtocolHandler = {
  replyIdPrefix: 'msg_sim',
  defaultModels: ['claude-sonnet-4-6', 'claude-haiku-4-5'],
  // The SDK appends /v1/messages to a bare host.
  baseUrl: (prefixUrl) => prefixUrl,
  route: v1Route('/v1/messages'),
  presentedKey: (headers: IncomingHttpHeaders) => {
    const key = headers['x-api-key'];
    return typeof key === 'string' ? key : bearerToken(headers);
  },
  checkRequest: (route, _query, headers) =>
    route.kind === 'chat' && typeof headers['anthropic-version'] !== 'string'
      ? { status: 400, kind: 'bad_request', message: 'anthropic-version: header is required' }
      : null,
  parseChat: (body) => parseMessages(body),
  knowsModel: (model, models) => models.includes(model),
  modelNotFound: (model) => ({ status: 404, kind: 'model_not_found', message: `model: ${model}` }),
  error: (error, context) =>
    jsonBody(error.status, {
      type: 'error',
      error: { type: ERROR_TYPES[error.status] ?? 'api_error', message: anthropicMessage(error) },
      request_id: context.requestId,
    }),
  rateLimitHeaders: (rate: RateSnapshot) => ({
    'anthropic-ratelimit-requests-limit': String(rate.limit),
    'anthropic-ratelimit-requests-remaining': String(rate.remaining),
    'anthropic-ratelimit-requests-reset': new Date(Date.now() + rate.nextSlotMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }),
  commonHeaders: (context) => ({ 'request-id': context.requestId }),
  info: (route, models) => {
    if (route.kind === 'models') {
      const data = models.map(modelObject);
      return jsonBody(200, { data, has_more: false, first_id: models[0] ?? null, last_id: models[models.length - 1] ?? null });
    }
    if (route.kind === 'model') {
      if (!models.includes(route.id)) return { status: 404, kind: 'model_not_found', message: `model: ${route.id}` };
      return jsonBody(200, modelObject(route.id));
    }
    return { status: 404, kind: 'route_not_found' };
  },
  chatJson: (reply) =>
    jsonBody(200, {
      id: reply.id,
      type: 'message',
      role: 'assistant',
      model: reply.model,
      content: [{ type: 'text', text: reply.text }],
      stop_reason: stopReason(reply),
      stop_sequence: null,
      usage: usage(reply, reply.outputTokens),
    }),
  chatStream: (reply) => messagesStream(reply),
  // The documented mid-stream failure: an overload after the 200 status.
  streamErrorFrame: () => event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
  // An exhausted prepaid balance is a plain 400 invalid_request_error: only its text says what it is.
  wordError: (word) => (word === 'out_of_credit' ? { status: 400, kind: 'out_of_credit' } : undefined),
};
