import type { IncomingHttpHeaders } from 'node:http';
import type { RateSnapshot } from '../rate-window.js';
import { openAiChatJson, openAiChatStream, parseOpenAiChat, renderingOf, sse, type ChunkDecorations } from './openai.js';
import type { ProtocolHandler, Route, SimError } from './protocol.js';
import { bearerToken, jsonBody } from './protocol.js';

// Azure OpenAI's classic deployment-scoped surface (protocols.md section 2): OpenAI bodies, plus
// content-filter annotations, a string status `code` in errors and the `api-key` header.

const SAFE = { filtered: false, severity: 'safe' };
const FILTER_RESULTS = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: FILTER_RESULTS }];

const decorations: ChunkDecorations = {
  // Since 2023-06-01-preview the first chunk has no choices and carries only the prompt filter verdict.
  preamble: sse(JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: PROMPT_FILTER_RESULTS })),
  choiceExtra: (kind) => (kind === 'content' ? { content_filter_results: FILTER_RESULTS } : { content_filter_results: {} }),
  responseExtra: { prompt_filter_results: PROMPT_FILTER_RESULTS },
};
const jsonDecorations: ChunkDecorations = {
  choiceExtra: () => ({ content_filter_results: FILTER_RESULTS }),
  responseExtra: { prompt_filter_results: PROMPT_FILTER_RESULTS },
};

function azureMessage(error: SimError): string {
  switch (error.kind) {
    case 'auth':
      return 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
    case 'model_not_found':
      return error.message ?? 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';
    case 'rate_limit':
      return error.message ?? 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after the time in retry-after.';
    case 'server':
      return 'The server had an error while processing your request. Sorry about that!';
    case 'overloaded':
      return 'The service is temporarily unable to process your request. Please try again later.';
    default:
      return error.message ?? `simulated status ${error.status}`;
  }
}

/** The prompt filter's refusal: a 400 naming the policy and each category's verdict (here: violence, medium). */
function contentFilterError(): unknown {
  return {
    error: {
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: { ...FILTER_RESULTS, jailbreak: { filtered: false, detected: false }, violence: { filtered: true, severity: 'medium' } },
      },
    },
  };
}

function azureCode(error: SimError): string {
  if (error.kind === 'model_not_found') return 'DeploymentNotFound';
  if (error.kind === 'route_not_found') return '404';
  return String(error.status);
}

function azureRoute(method: string, path: string): Route | null {
  const chat = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path);
  if (method === 'POST' && chat) return { kind: 'chat', deployment: decodeURIComponent(chat[1]) };
  if (method === 'GET' && path === '/openai/models') return { kind: 'models' };
  return null;
}

export const azureProtocol: ProtocolHandler = {
  replyIdPrefix: 'chatcmpl-sim',
  defaultModels: ['gpt-4o-mini'],
  // AzureOpenAI({ endpoint }) appends /openai/deployments/{deployment}/... itself.
  baseUrl: (prefixUrl) => prefixUrl,
  route: (method, path) => azureRoute(method, path),
  presentedKey: (headers: IncomingHttpHeaders) => {
    const key = headers['api-key'];
    return typeof key === 'string' ? key : bearerToken(headers);
  },
  checkRequest: (_route, query) =>
    query.get('api-version') ? null : { status: 404, kind: 'route_not_found', message: 'Resource not found (the api-version query parameter is required)' },
  parseChat: (body, route) => parseOpenAiChat(body, route.kind === 'chat' ? route.deployment : undefined),
  knowsModel: (model, models) => models.includes(model),
  modelNotFound: () => ({ status: 404, kind: 'model_not_found' }),
  error: (error) => jsonBody(error.status, error.kind === 'content_filter' ? contentFilterError() : { error: { code: azureCode(error), message: azureMessage(error) } }),
  rateLimitHeaders: (rate: RateSnapshot) => ({
    'x-ratelimit-remaining-requests': String(rate.remaining),
    'x-ratelimit-remaining-tokens': String(rate.remaining * 1000),
  }),
  commonHeaders: (context) => ({ 'apim-request-id': context.requestId, 'x-request-id': context.requestId, 'x-ms-region': 'Sim Region' }),
  info: (route, models) => {
    if (route.kind !== 'models') return { status: 404, kind: 'route_not_found' };
    const data = models.map((id) => ({
      id,
      object: 'model',
      created_at: 1721172741,
      status: 'succeeded',
      lifecycle_status: 'generally-available',
      capabilities: { chat_completion: true, completion: false, embeddings: false, fine_tune: false, inference: true },
    }));
    return jsonBody(200, { data, object: 'list' });
  },
  chatJson: (reply, _call, context) => openAiChatJson(reply, renderingOf(context.spec, jsonDecorations)),
  chatStream: (reply, call, context) => openAiChatStream(reply, call, renderingOf(context.spec, decorations)),
  streamErrorFrame: () => sse(JSON.stringify({ error: { code: '500', message: azureMessage({ status: 500, kind: 'server' }) } })),
  wordError: (word) => (word === 'content_filter' ? { status: 400, kind: 'content_filter' } : undefined),
};
