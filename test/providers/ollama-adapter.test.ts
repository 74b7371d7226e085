import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/providers/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ChatRequest } from '../../src/spec/chat.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { collectStream, providerErrorOf, streamFailure } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

const request: ChatRequest = {
  model: 'llama3.2',
  system: 'Answer briefly.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxTokens: 64,
  temperature: 0.2,
};

let server: WireServer;
let adapter: ProviderAdapter;

beforeAll(async () => {
  server = await startWireServer();
  adapter = await createAdapter(providerConfig('ollama', { name: 'ollama', baseUrl: server.baseUrl, apiKey: undefined }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('ollama adapter', () => {
  it('posts /api/chat with stream:false, num_predict and temperature in options', async () => {
    server.respond({ fixture: 'ollama-chat.json' });
    await adapter.chat(request);
    const [sent] = server.requests;
    expect(sent.url).toBe('/api/chat');
    expect(JSON.parse(sent.body)).toMatchObject({
      model: 'llama3.2',
      stream: false,
      options: { num_predict: 64, temperature: 0.2 },
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Say hello.' },
      ],
    });
    expect(sent.headers.authorization).toBeUndefined();
  });

  it('non-streaming: text, finish reason, usage from the eval counts, model, no ttft', async () => {
    server.respond({ fixture: 'ollama-chat.json' });
    const result = await adapter.chat(request);
    expect(result).toMatchObject({
      text: 'Hello!',
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 26, outputTokens: 3, cachedInputTokens: 0, estimated: false },
      model: 'llama3.2',
      ttftMs: null,
    });
  });

  it('estimates the input when prompt_eval_count is missing (prompt served from cache)', async () => {
    server.respond({ fixture: 'ollama-chat-cached-prompt.json' });
    const result = await adapter.chat(request);
    expect(result.finishReason).toBe('length');
    expect(result.usage.outputTokens).toBe(5);
    expect(result.usage.estimated).toBe(true);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('streams NDJSON deltas and takes usage from the done line', async () => {
    server.respond({ fixture: 'ollama-chat.ndjson' });
    const { deltas, result, doneCount } = await collectStream(adapter.stream(request));
    expect(deltas).toEqual(['Hel', 'lo!']);
    expect(doneCount).toBe(1);
    expect(result).toMatchObject({
      text: 'Hello!',
      finishReason: 'stop',
      usage: { inputTokens: 26, outputTokens: 3, estimated: false },
      model: 'llama3.2',
    });
    expect(result.ttftMs).not.toBeNull();
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ stream: true });
  });

  it('measures ttft to the first line with text', async () => {
    server.respond({ fixture: 'ollama-chat.ndjson', pause: { beforeEvent: 0, ms: 80 } });
    const { result } = await collectStream(adapter.stream(request));
    expect(result.ttftMs!).toBeGreaterThanOrEqual(75);
  });

  it('classifies an {"error"} line inside a 200 stream as server, after the text already yielded', async () => {
    server.respond({ fixture: 'ollama-stream-error.ndjson' });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas).toEqual(['Hel']);
    expect(error.errorClass).toBe('server');
    expect(error.message).toContain('unexpected EOF');
  });

  it('classifies an HTTP error on a stream request by its status', async () => {
    server.respond({ status: 500, fixture: 'ollama-error-500.json' });
    const { error } = await streamFailure(adapter.stream(request));
    expect(error.errorClass).toBe('server');
    expect(error.status).toBe(500);
  });

  it('pings GET /api/version', async () => {
    server.respond({ fixture: 'ollama-version.json' });
    await expect(adapter.ping()).resolves.toMatchObject({ ok: true, check: 'GET /api/version' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/version' });
  });

  it('sends a configured key as a bearer token (for an authenticating proxy)', async () => {
    const proxied = await createAdapter(providerConfig('ollama', { baseUrl: server.baseUrl, apiKey: 'proxy-token-9876' }));
    server.respond({ status: 401, body: '{"error":"unauthorized"}' });
    const error = await providerErrorOf(proxied.chat(request));
    expect(server.requests[0].headers.authorization).toBe('Bearer proxy-token-9876');
    expect(error.errorClass).toBe('auth');
    expect(error.message).not.toContain('proxy-token');
  });
});
