import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/providers/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ChatRequest } from '../../src/spec/chat.js';
import { ConfigError } from '../../src/spec/errors.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { collectStream } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

const request: ChatRequest = {
  model: 'my-gpt4o-deployment',
  messages: [{ role: 'user', content: 'Dis bonjour.' }],
  maxTokens: 32,
};

let server: WireServer;
let adapter: ProviderAdapter;

beforeAll(async () => {
  server = await startWireServer();
  adapter = await createAdapter(
    providerConfig('azure_openai', { name: 'azure', endpoint: `${server.baseUrl}/`, apiVersion: '2024-10-21', apiKey: 'az-key-123456' }),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('azure_openai adapter', () => {
  it('posts to the deployment named by the model, with api-version and the api-key header', async () => {
    server.respond({ fixture: 'azure-chat.json' });
    await adapter.chat(request);
    const [sent] = server.requests;
    expect(sent.url).toBe('/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe('az-key-123456');
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('non-streaming: content_filter finish reason, usage, the answered model, no ttft', async () => {
    server.respond({ fixture: 'azure-chat.json' });
    const result = await adapter.chat(request);
    expect(result).toMatchObject({
      text: "I can't help",
      finishReason: 'content_filter',
      rawFinishReason: 'content_filter',
      usage: { inputTokens: 25, outputTokens: 4, cachedInputTokens: 0, estimated: false },
      model: 'gpt-4o-2024-11-20',
      ttftMs: null,
    });
  });

  it('streaming: skips the empty-choices filter chunk and the choice without delta', async () => {
    server.respond({ fixture: 'azure-stream-content-filter.sse' });
    const { deltas, result, doneCount } = await collectStream(adapter.stream(request));
    expect(deltas).toEqual(['Bonjour', ' !']);
    expect(doneCount).toBe(1);
    expect(result).toMatchObject({
      text: 'Bonjour !',
      finishReason: 'stop',
      usage: { inputTokens: 14, outputTokens: 2, estimated: false },
      // The first chunk's model is "": the answered model comes from the first chunk that names one.
      model: 'gpt-4o-2024-11-20',
    });
    expect(result.ttftMs).not.toBeNull();
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('pings the models list under the api-version', async () => {
    server.respond({ fixture: 'azure-models.json' });
    const result = await adapter.ping();
    expect(result).toMatchObject({ ok: true, check: 'GET /openai/models?api-version=2024-10-21' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/openai/models?api-version=2024-10-21' });
    expect(server.requests[0].headers['api-key']).toBe('az-key-123456');
  });

  it('with a modern api-version sends max_completion_tokens', async () => {
    server.respond({ fixture: 'azure-chat.json' });
    await adapter.chat(request);
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ max_completion_tokens: 32 });
  });

  it('with an api-version older than 2024-09-01 sends max_tokens and no stream_options, estimating streamed usage', async () => {
    const old = await createAdapter(
      providerConfig('azure_openai', { name: 'azure-old', endpoint: server.baseUrl, apiVersion: '2023-12-01-preview' }),
    );
    server.respond({ fixture: 'openai-stream-no-usage.sse' });
    const { result } = await collectStream(old.stream(request));
    const sent = JSON.parse(server.requests[0].body);
    expect(server.requests[0].url).toBe('/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2023-12-01-preview');
    expect(sent).toMatchObject({ max_tokens: 32, stream: true });
    expect(sent).not.toHaveProperty('max_completion_tokens');
    expect(sent).not.toHaveProperty('stream_options');
    expect(result.usage.estimated).toBe(true);
  });

  it('refuses a config without api_version or endpoint with a ConfigError naming the key', async () => {
    await expect(createAdapter(providerConfig('azure_openai', { name: 'az', endpoint: server.baseUrl }))).rejects.toThrow(
      new ConfigError('providers.az.api_version is required for type azure_openai'),
    );
    await expect(createAdapter(providerConfig('azure_openai', { name: 'az', apiVersion: '2024-10-21' }))).rejects.toBeInstanceOf(ConfigError);
  });
});
