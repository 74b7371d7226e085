import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAdapter } from '../../src/providers/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ChatRequest } from '../../src/spec/chat.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { collectStream, streamFailure } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

const request: ChatRequest = {
  model: 'claude-test-model',
  system: 'Answer briefly.',
  messages: [{ role: 'user', content: 'Say hello.' }],
};

function apiKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const bearer = headers.authorization?.replace(/^Bearer /, '');
  return (headers['x-api-key'] as string | undefined) ?? bearer;
}

let server: WireServer;
let adapter: ProviderAdapter;

beforeAll(async () => {
  server = await startWireServer();
  adapter = await createAdapter(providerConfig('anthropic', { name: 'anthropic', baseUrl: server.baseUrl, apiKey: 'sk-ant-test-1234' }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('anthropic adapter: non-streaming', () => {
  it('puts system in its own field, defaults max_tokens to 1024, and sends the key', async () => {
    server.respond({ fixture: 'anthropic-message.json' });
    await adapter.chat(request);
    const [sent] = server.requests;
    expect(sent.url).toBe('/v1/messages');
    // @anthropic-ai/sdk v1 sends an API key as a bearer token; older versions used x-api-key.
    expect(apiKeyOf(sent.headers)).toBe('sk-ant-test-1234');
    expect(sent.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({
      model: 'claude-test-model',
      system: 'Answer briefly.',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'Say hello.' }],
    });
    expect(body).not.toHaveProperty('temperature');
  });

  it('sends the caller cap and temperature when given', async () => {
    server.respond({ fixture: 'anthropic-message.json' });
    await adapter.chat({ ...request, maxTokens: 77, temperature: 0.5 });
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ max_tokens: 77, temperature: 0.5 });
  });

  it('returns text, end_turn as stop, all input with cache reads as cached, the answered model', async () => {
    server.respond({ fixture: 'anthropic-message.json' });
    const result = await adapter.chat(request);
    expect(result).toMatchObject({
      text: 'Hello!',
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      // 12 uncached + 3 cache-written + 40 cache-read
      usage: { inputTokens: 55, outputTokens: 6, cachedInputTokens: 40, estimated: false },
      model: 'claude-sonnet-4-5-20250929',
      ttftMs: null,
    });
  });

  it('joins text blocks and maps max_tokens to length', async () => {
    server.respond({ fixture: 'anthropic-message-max-tokens.json' });
    const result = await adapter.chat(request);
    expect(result.text).toBe('Once upon a time');
    expect(result.finishReason).toBe('length');
    expect(result.rawFinishReason).toBe('max_tokens');
  });
});

describe('anthropic adapter: streaming', () => {
  it('ignores ping, takes usage from message_start and the last message_delta', async () => {
    server.respond({ fixture: 'anthropic-stream-ping.sse' });
    const { deltas, result, doneCount } = await collectStream(adapter.stream(request));
    expect(deltas).toEqual(['Hel', 'lo!']);
    expect(doneCount).toBe(1);
    expect(result).toMatchObject({
      text: 'Hello!',
      finishReason: 'stop',
      rawFinishReason: 'end_turn',
      usage: { inputTokens: 42, outputTokens: 6, cachedInputTokens: 30, estimated: false },
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(result.ttftMs).not.toBeNull();
    expect(result.ttftMs!).toBeLessThanOrEqual(result.latencyMs);
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ stream: true, max_tokens: 1024 });
  });

  it('measures ttft to the first text delta', async () => {
    // Pause before the first content_block_delta (event index 3, after start, block start, ping).
    server.respond({ fixture: 'anthropic-stream-ping.sse', pause: { beforeEvent: 3, ms: 80 } });
    const { result } = await collectStream(adapter.stream(request));
    expect(result.ttftMs!).toBeGreaterThanOrEqual(75);
  });

  it('classifies a mid-stream overloaded_error event as overloaded, after the text already yielded', async () => {
    server.respond({ fixture: 'anthropic-stream-overloaded.sse' });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas).toEqual(['Par']);
    expect(error.errorClass).toBe('overloaded');
    expect(error.retryable).toBe(true);
  });

  it('treats a stream closed cleanly before message_stop as cut', async () => {
    const { fixture } = await import('./wire-server.js');
    const body = fixture('anthropic-stream-ping.sse');
    server.respond({ body: body.slice(0, body.indexOf('event: message_delta')), contentType: 'text/event-stream' });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(error.errorClass).toBe('network');
    expect(deltas.join('')).toBe('Hello!');
  });
});

describe('anthropic adapter: ping', () => {
  it('lists models', async () => {
    server.respond({ fixture: 'anthropic-models.json' });
    const result = await adapter.ping();
    expect(result).toMatchObject({ ok: true, check: 'GET /v1/models' });
    expect(server.requests[0].url).toMatch(/^\/v1\/models/);
    expect(apiKeyOf(server.requests[0].headers)).toBe('sk-ant-test-1234');
  });
});

describe('anthropic adapter: SDK warnings', () => {
  it("turns the SDK's deprecation warning into one llmx warning line, once per process, not once per call", async () => {
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      server.respond({ fixture: 'anthropic-message.json' });
      // claude-sonnet-4-5 is in the SDK's deprecated-model table (end of life 2026-11-30).
      for (let call = 0; call < 3; call += 1) await adapter.chat({ ...request, model: 'claude-sonnet-4-5' });
      server.respond({ fixture: 'anthropic-stream-ping.sse' });
      await collectStream(adapter.stream({ ...request, model: 'claude-sonnet-4-5' }));
    } finally {
      stderr.mockRestore();
      consoleWarn.mockRestore();
    }
    const deprecation = written.filter((line) => line.includes("'claude-sonnet-4-5' is deprecated"));
    expect(deprecation).toEqual([
      `llmx: warning: ${adapter.name}: The model 'claude-sonnet-4-5' is deprecated and will reach end-of-life on November 30th, 2026. Please migrate to a newer model. Visit https://docs.anthropic.com/en/docs/resources/model-deprecations for more information.\n`,
    ]);
    // Nothing reached console.warn itself, and it is restored after each call.
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(console.warn).not.toBe(consoleWarn);
  });
});
