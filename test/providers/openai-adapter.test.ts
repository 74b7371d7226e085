import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/providers/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ChatRequest } from '../../src/spec/chat.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { collectStream, providerErrorOf, streamFailure } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

const request: ChatRequest = {
  model: 'gpt-4o-mini',
  system: 'Answer briefly.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxTokens: 64,
  temperature: 0.2,
};

let server: WireServer;
let adapter: ProviderAdapter;

beforeAll(async () => {
  server = await startWireServer();
  adapter = await createAdapter(providerConfig('openai', { name: 'openai', baseUrl: `${server.baseUrl}/v1` }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('openai adapter: non-streaming', () => {
  it('returns text, finish reason, usage with cached tokens, the answered model, and no ttft', async () => {
    server.respond({ fixture: 'openai-chat.json' });
    const result = await adapter.chat(request);
    expect(result).toMatchObject({
      text: 'Hello!',
      finishReason: 'stop',
      rawFinishReason: 'stop',
      usage: { inputTokens: 19, outputTokens: 3, cachedInputTokens: 12, estimated: false },
      model: 'gpt-4o-mini-2024-07-18',
      ttftMs: null,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the system prompt first, the cap as max_completion_tokens, and the key as a bearer token', async () => {
    server.respond({ fixture: 'openai-chat.json' });
    await adapter.chat(request);
    expect(server.requests).toHaveLength(1);
    const [sent] = server.requests;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-SECRET-0123456789');
    expect(JSON.parse(sent.body)).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Say hello.' },
      ],
      max_completion_tokens: 64,
      temperature: 0.2,
      stream: false,
    });
  });

  it('maps finish_reason "length"', async () => {
    server.respond({ fixture: 'openai-chat-length.json' });
    const result = await adapter.chat(request);
    expect(result.finishReason).toBe('length');
    expect(result.rawFinishReason).toBe('length');
  });

  it('estimates tokens with a tokenizer when the response has no usage', async () => {
    server.respond({ fixture: 'openai-chat-no-usage.json' });
    const result = await adapter.chat(request);
    expect(result.usage.estimated).toBe(true);
    // "Hello there, friend." is 5 tokens in o200k_base; the input text is longer than zero.
    expect(result.usage.outputTokens).toBe(5);
    expect(result.usage.inputTokens).toBeGreaterThan(3);
    expect(result.usage.cachedInputTokens).toBe(0);
  });
});

describe('openai adapter: streaming', () => {
  it('yields deltas then exactly one done with usage from the usage chunk, and asks for it', async () => {
    server.respond({ fixture: 'openai-stream-usage.sse' });
    const { deltas, result, doneCount } = await collectStream(adapter.stream(request));
    expect(deltas).toEqual(['Hel', 'lo!']);
    expect(doneCount).toBe(1);
    expect(result).toMatchObject({
      text: 'Hello!',
      finishReason: 'stop',
      usage: { inputTokens: 19, outputTokens: 3, cachedInputTokens: 8, estimated: false },
      model: 'gpt-4o-mini-2024-07-18',
    });
    expect(result.ttftMs).not.toBeNull();
    expect(result.ttftMs!).toBeLessThanOrEqual(result.latencyMs);
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('measures ttft up to the first chunk carrying text, not the role-only chunk', async () => {
    // The server sends the role chunk at once and waits 80 ms before the first text.
    server.respond({ fixture: 'openai-stream-usage.sse', pause: { beforeEvent: 1, ms: 80 } });
    const { result } = await collectStream(adapter.stream(request));
    expect(result.ttftMs!).toBeGreaterThanOrEqual(75);
  });

  it('estimates usage when a server ignores include_usage', async () => {
    server.respond({ fixture: 'openai-stream-no-usage.sse' });
    const { result } = await collectStream(adapter.stream(request));
    expect(result.text).toBe('Hello there, friend.');
    expect(result.finishReason).toBe('length');
    expect(result.usage).toMatchObject({ outputTokens: 5, cachedInputTokens: 0, estimated: true });
    expect(result.usage.inputTokens).toBeGreaterThan(3);
    expect(result.model).toBe('local-model');
  });

  it('classifies a mid-stream error event by its type and keeps the text already yielded', async () => {
    server.respond({ fixture: 'openai-stream-mid-error.sse' });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas).toEqual(['Partial']);
    expect(error.errorClass).toBe('rate_limit');
    expect(error.status).toBeUndefined();
  });

  it('turns a connection dropped mid-stream into a network error, after the text already yielded', async () => {
    const { fixture } = await import('./wire-server.js');
    const body = fixture('openai-stream-usage.sse');
    // Cut right after the chunk carrying "Hel".
    const cutAt = body.indexOf('"lo!"') - 200;
    server.respond({ fixture: 'openai-stream-usage.sse', dropAfterBytes: body.indexOf('\n\n', cutAt) + 2 });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas).toEqual(['Hel']);
    expect(error.errorClass).toBe('network');
    expect(error.retryable).toBe(true);
  });

  it('treats a stream that closes cleanly but before any finish_reason as cut', async () => {
    const firstTwoEvents = 'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}\n\n';
    server.respond({ body: firstTwoEvents, contentType: 'text/event-stream' });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(error.errorClass).toBe('network');
    expect(deltas).toEqual(['Hi']);
  });
});

describe('openai adapter: ping', () => {
  it('lists models as the cheapest authenticated call', async () => {
    server.respond({ fixture: 'openai-models.json' });
    const result = await adapter.ping();
    expect(result).toMatchObject({ ok: true, check: 'GET /v1/models' });
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/models' });
    expect(server.requests[0].headers.authorization).toBe('Bearer sk-test-SECRET-0123456789');
  });

  it('throws a classified error when the key is rejected', async () => {
    server.respond({ status: 401, fixture: 'openai-error-401.json' });
    const error = await providerErrorOf(adapter.ping());
    expect(error.errorClass).toBe('auth');
  });
});

describe('custom (OpenAI-compatible) adapter', () => {
  it('uses the same translation against base_url, with max_tokens and no OpenAI org headers', async () => {
    const custom = await createAdapter(
      providerConfig('custom', { name: 'local-vllm', baseUrl: `${server.baseUrl}/compat/v1`, apiKey: undefined }),
    );
    server.respond({ fixture: 'openai-chat.json' });
    const result = await custom.chat(request);
    expect(result.text).toBe('Hello!');
    const [sent] = server.requests;
    expect(sent.url).toBe('/compat/v1/chat/completions');
    expect(JSON.parse(sent.body)).toMatchObject({ max_tokens: 64 });
    expect(JSON.parse(sent.body)).not.toHaveProperty('max_completion_tokens');
    expect(sent.headers['openai-organization']).toBeUndefined();
    expect(custom.type).toBe('custom');
  });

  it('streams and pings like openai', async () => {
    const custom = await createAdapter(providerConfig('custom', { baseUrl: `${server.baseUrl}/v1` }));
    server.respond({ fixture: 'openai-stream-no-usage.sse' });
    const { result } = await collectStream(custom.stream(request));
    expect(result.usage.estimated).toBe(true);
    server.respond({ fixture: 'openai-models.json' });
    await expect(custom.ping()).resolves.toMatchObject({ ok: true, check: 'GET /v1/models' });
  });
});
