import type { IncomingHttpHeaders } from 'node:http';
import { goDuration, type RateSnapshot } from '../rate-window.js';
import { v1Route, type Body, type ChatCall, type ProtocolContext, type ProtocolHandler, type Reply, type SimError, type StreamFrames } from './protocol.js';
import { bearerToken, contentText, jsonBody } from './protocol.js';
import type { SimProviderSpec, SimWireVariants } from '../types.js';

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
  out_of_credit: {
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message: () => 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  },
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

/** How one server of the family renders its answers: Azure's decorations, the spec's usage and wire variants. */
export interface OpenAiRendering {
  omitUsage: boolean;
  wire?: SimWireVariants;
  decorations?: ChunkDecorations;
}

export function renderingOf(spec: SimProviderSpec, decorations?: ChunkDecorations): OpenAiRendering {
  return { omitUsage: spec.omitUsage === true, wire: spec.wire, decorations };
}

export function openAiChatJson(reply: Reply, rendering: OpenAiRendering): Body {
  const { decorations = {} } = rendering;
  // A refusal comes with content null: the refusal field is what the model said.
  const message = reply.refusal
    ? { role: 'assistant', content: null, refusal: reply.text, annotations: [] }
    : { role: 'assistant', content: reply.text, refusal: null, annotations: [] };
  const response: Record<string, unknown> = {
    id: reply.id,
    object: 'chat.completion',
    created: reply.createdS,
    model: reply.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openAiFinishReason(reply), ...decorations.choiceExtra?.('finish') }],
    ...(rendering.omitUsage ? {} : { usage: openAiUsage(reply) }),
    ...decorations.responseExtra,
    service_tier: openAiServiceTier(reply),
    system_fingerprint: 'fp_sim',
  };
  return jsonBody(200, response);
}

/** Groq's usage object: the OpenAI counts plus its timings (s). */
function groqUsage(reply: Reply): unknown {
  return {
    queue_time: 0.01,
    prompt_tokens: reply.inputTokens,
    prompt_time: 0.002,
    completion_tokens: reply.outputTokens,
    completion_time: 0.02,
    total_tokens: reply.inputTokens + reply.outputTokens,
    total_time: 0.022,
  };
}

export function openAiChatStream(reply: Reply, call: ChatCall, rendering: OpenAiRendering): StreamFrames {
  const { decorations = {}, wire = {} } = rendering;
  // Groq reports usage only under x_groq, asked for or not.
  const sendUsage = call.includeUsage && !rendering.omitUsage && !wire.groqUsage;
  const everyChunk = sendUsage && wire.usageInEveryChunk === true;
  // Pre-serialize the parts every chunk shares; at zero latency this path is the benchmark's baseline.
  const prefix = `{"id":${JSON.stringify(reply.id)},"object":"chat.completion.chunk","created":${reply.createdS},"model":${JSON.stringify(reply.model)},"service_tier":${JSON.stringify(openAiServiceTier(reply))},"system_fingerprint":"fp_sim","choices":[`;
  const suffix = sendUsage ? '],"usage":null}' : ']}';
  // Usage in every chunk: the counts so far (a server with continuous usage stats).
  const suffixAt = (outputTokens: number): string =>
    everyChunk ? `],"usage":${JSON.stringify(openAiUsage({ ...reply, outputTokens }))}}` : suffix;
  const choice = (delta: unknown, finishReason: string | null, kind: 'role' | 'content' | 'finish'): string =>
    JSON.stringify({ index: 0, delta, logprobs: null, finish_reason: finishReason, ...decorations.choiceExtra?.(kind) });
  const chunk = (choiceJson: string, outputTokens: number): string => sse(prefix + choiceJson + suffixAt(outputTokens));

  const roleDelta = reply.refusal ? { role: 'assistant', content: null, refusal: '' } : { role: 'assistant', content: '', refusal: null };
  const head = (decorations.preamble ?? '') + chunk(choice(roleDelta, null, 'role'), 0);
  const frames = reply.pieces.map((piece, index) => chunk(choice(reply.refusal ? { refusal: piece } : { content: piece }, null, 'content'), index + 1));
  // A server that never says why it stopped still sends its last chunk, with finish_reason null.
  const finishReason = wire.omitFinishReason ? null : openAiFinishReason(reply);
  let finish = choice({}, finishReason, 'finish');
  if (wire.groqUsage && !rendering.omitUsage) {
    const groq = `,"x_groq":${JSON.stringify({ id: `req_${reply.id}`, usage: groqUsage(reply) })}`;
    finish = `${finish}]${groq}}`;
  }
  let tail = wire.groqUsage && !rendering.omitUsage ? sse(prefix + finish) : chunk(finish, reply.outputTokens);
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
  chatJson: (reply, _call, context) => openAiChatJson(reply, renderingOf(context.spec)),
  chatStream: (reply, call, context) => openAiChatStream(reply, call, renderingOf(context.spec)),
  streamErrorFrame: () => sse(JSON.stringify(openAiErrorBody({ status: 500, kind: 'server' }))),
  wordError: (word) => (word === 'out_of_credit' ? { status: 429, kind: 'out_of_credit' } : undefined),
};
