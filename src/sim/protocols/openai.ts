import type { IncomingHttpHeaders } from 'node:http';
import { goDuration, type RateSnapshot } from '../rate-window.js';
import { v1Route, type Body, type ChatCall, type ProtocolContext, type ProtocolHandler, type Reply, type SimError, type StreamFrames } from './protocol.js';
import { bearerToken, contentText, jsonBody } from './protocol.js';

// The OpenAI Chat Completions wire (protocols.md section 1), shared by the Azure flavour in azure.ts.

const ERROR_TYPES: Record<string, { type: string; code: string | null; message: (error: SimError) => string }> = {
  auth: { type: 'invalid_request_error', code: 'invalid_api_key', message: (error) => error.message ?? 'Incorrect API key provided.' },
  model_not_found: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: (error) => error.message ?? 'The model does not exist or you do not have access to it.',
  },
  route_not_found: { type: 'invalid_request_error', code: null, message: (error) => error.message ?? 'Invalid URL' },
  bad_request: { type: 'invalid_request_error', code: null, message: (error) => error.message ?? 'Invalid request' },
  rate_limit: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: (error) => error.message ?? 'Rate limit reached for requests. Please try again later.',
  },
  server: {
    type: 'server_error',
    code: null,
    message: () => 'The server had an error while processing your request. Sorry about that!',
  },
  overloaded: { type: 'server_error', code: null, message: () => 'The engine is currently overloaded, please try again later' },
  other: { type: 'server_error', code: null, message: (error) => error.message ?? `simulated status ${error.status}` },
};

export function openAiErrorBody(error: SimError): unknown {
  const shape = ERROR_TYPES[error.kind] ?? ERROR_TYPES.other;
  return { error: { message: shape.message(error), type: shape.type, param: null, code: shape.code } };
}

export function parseOpenAiChat(body: unknown, model: string | undefined): ChatCall | SimError {
  if (typeof body !== 'object' || body === null) return { status: 400, kind: 'bad_request', message: 'We could not parse the JSON body of your request.' };
  const request = body as Record<string, unknown>;
  const resolvedModel = model ?? request.model;
  if (typeof resolvedModel !== 'string' || resolvedModel === '') {
    return { status: 400, kind: 'bad_request', message: 'you must provide a model parameter' };
  }
  if (!Array.isArray(request.messages)) {
    return { status: 400, kind: 'bad_request', message: "Missing required parameter: 'messages'." };
  }
  const promptText = request.messages.map((message) => contentText((message as { content?: unknown })?.content)).join(' ');
  const cap = request.max_completion_tokens ?? request.max_tokens;
  const streamOptions = request.stream_options as { include_usage?: unknown } | undefined | null;
  return {
    model: resolvedModel,
    promptText,
    maxTokens: typeof cap === 'number' ? cap : undefined,
    stream: request.stream === true,
    includeUsage: streamOptions?.include_usage === true,
    // `auto` is served on the project's default tier, and says so.
    serviceTier: typeof request.service_tier === 'string' && request.service_tier !== 'auto' ? request.service_tier : undefined,
    sentStreamOptions: request.stream_options !== undefined,
  };
}

/**
 * `prompt_tokens` counts cached (and written) input too; `completion_tokens` counts reasoning. A cache
 * write count appears only when set, as OpenRouter sends it; so does OpenRouter's `cost`.
 */
export function openAiUsage(reply: Reply): unknown {
  const cacheWrites = reply.cacheWrite5mTokens + reply.cacheWrite1hTokens;
  const promptTokens = reply.inputTokensAsSent ? reply.inputTokens : reply.inputTokens + reply.cacheReadTokens + cacheWrites;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: reply.outputTokens,
    total_tokens: promptTokens + reply.outputTokens,
    prompt_tokens_details: { cached_tokens: reply.cacheReadTokens, audio_tokens: 0, ...(cacheWrites > 0 ? { cache_write_tokens: cacheWrites } : {}) },
    completion_tokens_details: { reasoning_tokens: reply.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    ...(reply.usageCost === undefined ? {} : { cost: reply.usageCost }),
  };
}

/** OpenAI names the tier it served in every completion and chunk. */
export function openAiServiceTier(reply: Reply): string {
  return reply.serviceTier ?? 'default';
}

export function openAiFinishReason(reply: Reply): string {
  return reply.finishedByLength ? 'length' : 'stop';
}

/** Extra fields Azure adds; the plain OpenAI wire adds none. */
export interface ChunkDecorations {
  /** Written before the role chunk (Azure's empty-choices prompt filter chunk). */
  preamble?: string;
  /** Merged into every choice (Azure's content_filter_results). */
  choiceExtra?: (kind: 'role' | 'content' | 'finish') => Record<string, unknown>;
  /** Merged into the non-streaming response (Azure's prompt_filter_results). */
  responseExtra?: Record<string, unknown>;
}

export function sse(data: string): string {
  return `data: ${data}\n\n`;
}

export function openAiChatJson(reply: Reply, omitUsage: boolean, decorations: ChunkDecorations = {}): Body {
  const response: Record<string, unknown> = {
    id: reply.id,
    object: 'chat.completion',
    created: reply.createdS,
    model: reply.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: openAiFinishReason(reply),
        ...decorations.choiceExtra?.('finish'),
      },
    ],
    ...(omitUsage ? {} : { usage: openAiUsage(reply) }),
    ...decorations.responseExtra,
    service_tier: openAiServiceTier(reply),
    system_fingerprint: 'fp_sim',
  };
  return jsonBody(200, response);
}

export function openAiChatStream(reply: Reply, call: ChatCall, omitUsage: boolean, decorations: ChunkDecorations = {}): StreamFrames {
  const sendUsage = call.includeUsage && !omitUsage;
  // Pre-serialize the parts every chunk shares; at zero latency this path is the benchmark's baseline.
  const prefix = `{"id":${JSON.stringify(reply.id)},"object":"chat.completion.chunk","created":${reply.createdS},"model":${JSON.stringify(reply.model)},"service_tier":${JSON.stringify(openAiServiceTier(reply))},"system_fingerprint":"fp_sim","choices":[`;
  const suffix = sendUsage ? '],"usage":null}' : ']}';
  const choice = (delta: unknown, finishReason: string | null, kind: 'role' | 'content' | 'finish'): string =>
    JSON.stringify({ index: 0, delta, logprobs: null, finish_reason: finishReason, ...decorations.choiceExtra?.(kind) });
  const chunk = (choiceJson: string): string => sse(prefix + choiceJson + suffix);

  const head = (decorations.preamble ?? '') + chunk(choice({ role: 'assistant', content: '', refusal: null }, null, 'role'));
  const frames = reply.pieces.map((piece) => chunk(choice({ content: piece }, null, 'content')));
  let tail = chunk(choice({}, openAiFinishReason(reply), 'finish'));
  if (sendUsage) {
    tail += sse(
      JSON.stringify({
        id: reply.id,
        object: 'chat.completion.chunk',
        created: reply.createdS,
        model: reply.model,
        service_tier: openAiServiceTier(reply),
        system_fingerprint: 'fp_sim',
        choices: [],
        usage: openAiUsage(reply),
      }),
    );
  }
  tail += sse('[DONE]');
  return { contentType: 'text/event-stream; charset=utf-8', head, frames, tail };
}

function modelObject(id: string): unknown {
  return { id, object: 'model', created: 1721172741, owned_by: 'system' };
}

export const openAiProtocol: ProtocolHandler = {
  replyIdPrefix: 'chatcmpl-sim',
  defaultModels: ['gpt-4o-mini', 'gpt-4o'],
  baseUrl: (prefixUrl) => `${prefixUrl}/v1`,
  route: v1Route('/v1/chat/completions'),
  presentedKey: (headers: IncomingHttpHeaders) => bearerToken(headers),
  parseChat: (body) => parseOpenAiChat(body, undefined),
  knowsModel: (model, models) => models.includes(model),
  modelNotFound: (model) => ({ status: 404, kind: 'model_not_found', message: `The model \`${model}\` does not exist or you do not have access to it.` }),
  error: (error) => jsonBody(error.status, openAiErrorBody(error)),
  rateLimitHeaders: (rate: RateSnapshot) => ({
    'x-ratelimit-limit-requests': String(rate.limit),
    'x-ratelimit-remaining-requests': String(rate.remaining),
    'x-ratelimit-reset-requests': goDuration(rate.fullResetMs),
  }),
  commonHeaders: (context: ProtocolContext) => ({ 'x-request-id': context.requestId, 'openai-version': '2020-10-01' }),
  info: (route, models) => {
    if (route.kind === 'models') return jsonBody(200, { object: 'list', data: models.map(modelObject) });
    if (route.kind === 'model') {
      if (!models.includes(route.id)) {
        return { status: 404, kind: 'model_not_found', message: `The model \`${route.id}\` does not exist or you do not have access to it.` };
      }
      return jsonBody(200, modelObject(route.id));
    }
    return { status: 404, kind: 'route_not_found' };
  },
  chatJson: (reply, _call, context) => openAiChatJson(reply, context.spec.omitUsage === true),
  chatStream: (reply, call, context) => openAiChatStream(reply, call, context.spec.omitUsage === true),
  streamErrorFrame: () => sse(JSON.stringify(openAiErrorBody({ status: 500, kind: 'server' }))),
};
