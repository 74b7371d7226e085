import { createAdapter } from '../../src/providers/index.js';
import type { AdapterOptions } from '../../src/providers/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ChatRequest } from '../../src/spec/chat.js';
import type { ProviderConfig, ProviderType } from '../../src/spec/config.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { fixture } from './wire-server.js';

/** How to point one adapter type at the replay server, and what its protocol's wire looks like. */
export interface AdapterSetup {
  type: ProviderType;
  create(serverBaseUrl: string, overrides?: Partial<ProviderConfig>, options?: AdapterOptions): Promise<ProviderAdapter>;
  /** A complete streamed answer whose first text delta is "Hel". */
  streamFixture: string;
  /** Bytes of `streamFixture` up to and including the event that carries the first text. */
  bytesThroughFirstText(): number;
  /** An error body in this protocol's envelope, for a status. */
  errorBody(status: number, kind?: string): string;
}

export const request: ChatRequest = {
  model: 'test-model',
  system: 'Answer briefly.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxTokens: 64,
};

function bytesThrough(fixtureName: string, marker: string, separator: string): number {
  const body = fixture(fixtureName);
  return body.indexOf(separator, body.indexOf(marker)) + separator.length;
}

const openAiErrorBody = (status: number, kind?: string): string =>
  JSON.stringify({
    error: {
      message: `simulated ${status}`,
      type: kind ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: null,
      code: kind ?? null,
    },
  });

export const setups: AdapterSetup[] = [
  {
    type: 'openai',
    create: (base, overrides, options) => createAdapter(providerConfig('openai', { baseUrl: `${base}/v1`, ...overrides }), options),
    streamFixture: 'openai-stream-usage.sse',
    bytesThroughFirstText: () => bytesThrough('openai-stream-usage.sse', '"Hel"', '\n\n'),
    errorBody: openAiErrorBody,
  },
  {
    type: 'custom',
    create: (base, overrides, options) => createAdapter(providerConfig('custom', { baseUrl: `${base}/v1`, ...overrides }), options),
    streamFixture: 'openai-stream-usage.sse',
    bytesThroughFirstText: () => bytesThrough('openai-stream-usage.sse', '"Hel"', '\n\n'),
    errorBody: openAiErrorBody,
  },
  {
    type: 'azure_openai',
    create: (base, overrides, options) =>
      createAdapter(providerConfig('azure_openai', { endpoint: base, apiVersion: '2024-10-21', ...overrides }), options),
    streamFixture: 'azure-stream-content-filter.sse',
    bytesThroughFirstText: () => bytesThrough('azure-stream-content-filter.sse', '"Bonjour"', '\n\n'),
    // Azure's envelope: a string status code and no type.
    errorBody: (status, kind) => JSON.stringify({ error: { code: kind ?? String(status), message: `simulated ${status}` } }),
  },
  {
    type: 'anthropic',
    create: (base, overrides, options) => createAdapter(providerConfig('anthropic', { baseUrl: base, ...overrides }), options),
    streamFixture: 'anthropic-stream-ping.sse',
    bytesThroughFirstText: () => bytesThrough('anthropic-stream-ping.sse', '"Hel"', '\n\n'),
    errorBody: (status, kind) =>
      JSON.stringify({
        type: 'error',
        error: { type: kind ?? (status >= 500 ? 'api_error' : 'invalid_request_error'), message: `simulated ${status}` },
        request_id: 'req_sim',
      }),
  },
  {
    type: 'ollama',
    create: (base, overrides, options) => createAdapter(providerConfig('ollama', { baseUrl: base, apiKey: undefined, ...overrides }), options),
    streamFixture: 'ollama-chat.ndjson',
    bytesThroughFirstText: () => bytesThrough('ollama-chat.ndjson', '"Hel"', '\n'),
    errorBody: (status) => JSON.stringify({ error: `simulated ${status}` }),
  },
];

export function setupFor(type: ProviderType): AdapterSetup {
  const setup = setups.find((candidate) => candidate.type === type);
  if (!setup) throw new Error(`no setup for ${type}`);
  return setup;
}
