import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request, setupFor, setups } from './adapter-setups.js';
import { collectStream, providerErrorOf, streamFailure } from './stream-helpers.js';
import { fixture, startWireServer, type WireServer } from './wire-server.js';

// What real providers and OpenAI-compatible servers send beyond the happy path, replayed from
// fixtures/wire/ through the official SDKs (shapes from the services' own error reports and docs).

let server: WireServer;
beforeAll(async () => {
  server = await startWireServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('error classes that follow the provider, not only the status', () => {
  it('anthropic: the credit-balance 400 is quota and fails over, in one request', async () => {
    const adapter = await setupFor('anthropic').create(server.baseUrl);
    server.respond({ status: 400, fixture: 'anthropic-error-400-credit.json' });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error).toMatchObject({ errorClass: 'quota', status: 400, disposition: 'failover' });
    expect(error.message).toContain('credit balance is too low');
    expect(server.requests).toHaveLength(1);
  });

  it('anthropic: any other 400 invalid_request_error stays the caller mistake', async () => {
    const adapter = await setupFor('anthropic').create(server.baseUrl);
    server.respond({ status: 400, fixture: 'anthropic-error-400.json' });
    expect(await providerErrorOf(adapter.chat(request))).toMatchObject({ errorClass: 'bad_request', disposition: 'fatal' });
  });

  it.each(['openai', 'custom'] as const)('%s: 400 billing_hard_limit_reached is quota', async (type) => {
    const adapter = await setupFor(type).create(server.baseUrl);
    server.respond({ status: 400, fixture: 'openai-error-400-billing-limit.json' });
    expect(await providerErrorOf(adapter.chat(request))).toMatchObject({ errorClass: 'quota', status: 400, disposition: 'failover' });
  });

  it('azure: the prompt content filter 400 fails over and names what it filtered', async () => {
    const adapter = await setupFor('azure_openai').create(server.baseUrl);
    server.respond({ status: 400, fixture: 'azure-error-400-content-filter.json' });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error).toMatchObject({ errorClass: 'content_filter', status: 400, disposition: 'failover' });
    expect(error.message).toMatch(/^azure_openai-test: refused by the content filter \(HTTP 400\): prompt filtered \(violence: medium\): The response was filtered/);
  });

  it('a plain 400 without those words is still bad_request for every family', async () => {
    for (const setup of setups) {
      const adapter = await setup.create(server.baseUrl);
      server.respond({ status: 400, body: setup.errorBody(400) });
      expect((await providerErrorOf(adapter.chat(request))).errorClass).toBe('bad_request');
    }
  });
});

describe('refusals', () => {
  it('openai: message.refusal with content null is the text, finish_reason refusal, raw reason kept', async () => {
    const adapter = await setupFor('openai').create(server.baseUrl);
    server.respond({ fixture: 'openai-chat-refusal.json' });
    const result = await adapter.chat(request);
    expect(result).toMatchObject({ text: "I'm sorry, I cannot assist with that request.", finishReason: 'refusal', rawFinishReason: 'stop' });
    expect(result.usage).toMatchObject({ inputTokens: 81, outputTokens: 11, estimated: false });
  });

  it('openai: streamed delta.refusal pieces arrive as text', async () => {
    const adapter = await setupFor('openai').create(server.baseUrl);
    server.respond({ fixture: 'openai-stream-refusal.sse' });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas.join('')).toBe("I'm sorry, I cannot assist with that.");
    expect(result).toMatchObject({ text: deltas.join(''), finishReason: 'refusal', rawFinishReason: 'stop' });
  });

  it('anthropic: stop_reason refusal maps to refusal', async () => {
    const adapter = await setupFor('anthropic').create(server.baseUrl);
    server.respond({ fixture: 'anthropic-message-refusal.json' });
    expect(await adapter.chat(request)).toMatchObject({ text: "I can't help with that.", finishReason: 'refusal', rawFinishReason: 'refusal' });
  });
});

describe('liberal in what it accepts', () => {
  it.each(['openai', 'custom', 'azure_openai'] as const)('%s: a JSON completion answering a stream request is the answer', async (type) => {
    const adapter = await setupFor(type).create(server.baseUrl);
    server.respond({ fixture: 'openai-chat.json' });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas).toEqual(['Hello!']);
    expect(result).toMatchObject({ text: 'Hello!', finishReason: 'stop', usage: { inputTokens: 19, outputTokens: 3, estimated: false } });
    expect(server.requests).toHaveLength(1);
  });

  it('anthropic: a JSON message answering a stream request is the answer', async () => {
    const adapter = await setupFor('anthropic').create(server.baseUrl);
    server.respond({ fixture: 'anthropic-message.json' });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas.join('')).toBe(result.text);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
  });

  it('a stream with [DONE] and a usage chunk but no finish_reason is an answer: unknown, with the server usage', async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    server.respond({ fixture: 'openai-stream-no-finish-reason.sse' });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ text: 'Hello!', finishReason: 'unknown', rawFinishReason: null, usage: { inputTokens: 19, outputTokens: 3, estimated: false } });
  });

  it('the connection closing cleanly after a usage chunk (no [DONE]) is an answer too', async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    server.respond({ body: fixture('openai-stream-no-finish-reason.sse').replace('data: [DONE]\n\n', ''), contentType: 'text/event-stream' });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ finishReason: 'unknown', usage: { outputTokens: 3, estimated: false } });
  });

  it('[DONE] without usage or finish_reason: unknown, usage estimated', async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    const body = fixture('openai-stream-no-finish-reason.sse').split('\n\n').filter((event) => !event.includes('"usage"')).join('\n\n');
    server.respond({ body, contentType: 'text/event-stream' });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ text: 'Hello!', finishReason: 'unknown', usage: { estimated: true } });
  });

  it('a stream that closes after text with no [DONE], usage or finish_reason is still incomplete (network, retried)', async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    const body = fixture('openai-stream-no-finish-reason.sse').split('\n\n').slice(0, 3).join('\n\n') + '\n\n';
    server.respond({ body, contentType: 'text/event-stream' });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas.join('')).toBe('Hello!');
    expect(error).toMatchObject({ errorClass: 'network', retryable: true });
    expect(error.message).toContain('stream ended before a finish_reason');
  });

  it("groq: usage under x_groq on the last chunk is the server's usage", async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    server.respond({ fixture: 'groq-stream-x-groq.sse' });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ text: 'Hello!', finishReason: 'stop', usage: { inputTokens: 23, outputTokens: 19, estimated: false }, model: 'llama3-8b-8192' });
  });

  it('ollama: the documented final message without done_reason is stop (stream and not)', async () => {
    const adapter = await setupFor('ollama').create(server.baseUrl);
    server.respond({ fixture: 'ollama-chat-no-done-reason.ndjson' });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ text: 'The', finishReason: 'stop', rawFinishReason: null, usage: { inputTokens: 26, outputTokens: 282, estimated: false } });
    server.respond({ fixture: 'ollama-chat-no-done-reason.json' });
    expect(await adapter.chat(request)).toMatchObject({ finishReason: 'stop', rawFinishReason: null });
  });
});

describe('stream_options', () => {
  it.each(['openai', 'custom', 'azure_openai'] as const)('%s: a 400 naming stream_options is a bad_request that names the refused feature; without it the body carries none', async (type) => {
    const adapter = await setupFor(type).create(server.baseUrl);
    server.respond({ status: 400, fixture: 'openai-error-400-stream-options.json' });
    const { error } = await streamFailure(adapter.stream(request));
    expect(error).toMatchObject({ errorClass: 'bad_request', status: 400, refusedFeature: 'stream_usage' });
    expect(JSON.parse(server.requests[0].body)).toHaveProperty('stream_options');
    server.respond({ fixture: 'openai-stream-usage.sse' });
    await collectStream(adapter.stream(request, { without: ['stream_usage'] }));
    expect(JSON.parse(server.requests[1].body)).not.toHaveProperty('stream_options');
  });

  it('a 400 about anything else names no refused feature', async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    server.respond({ status: 400, fixture: 'openai-error-400.json' });
    expect((await streamFailure(adapter.stream(request))).error.refusedFeature).toBeUndefined();
  });
});

const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe.each(setups)('$type: bad input from the server', (setup) => {
  it("a proxy's HTML 502 page: server error, retried, naming what was sent", async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 502, body: HTML_502, contentType: 'text/html' });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error).toMatchObject({ errorClass: 'server', status: 502, retryable: true });
    expect(error.message).toBe(`${adapter.name}: server error (HTTP 502): sent text/html, ${Buffer.byteLength(HTML_502)} bytes: "<html> <head><title>502 Bad Gateway</title></head> <body> <…"`);
  });

  it('an HTML page with status 200: server error naming it (not a crash)', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 200, body: HTML_502, contentType: 'text/html; charset=utf-8' });
    const chat = await providerErrorOf(adapter.chat(request));
    expect(chat).toMatchObject({ errorClass: 'server', retryable: true });
    expect(chat.message).toContain('HTTP 200 sent text/html');
    expect(chat.message).toContain('502 Bad Gateway');
    const { error } = await streamFailure(adapter.stream(request));
    expect(error).toMatchObject({ errorClass: 'server', retryable: true });
    expect(error.message).toContain('sent text/html');
  });

  it('an empty 200 body: server error "empty body", stream or not', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 200, body: '', contentType: 'application/json' });
    const chat = await providerErrorOf(adapter.chat(request));
    expect(chat).toMatchObject({ errorClass: 'server', retryable: true });
    expect(chat.message).toContain('HTTP 200 sent an empty body (application/json, 0 bytes)');
    server.respond({ status: 200, body: '', contentType: setup.streamFixture.endsWith('.ndjson') ? 'application/x-ndjson' : 'text/event-stream' });
    const { error } = await streamFailure(adapter.stream(request));
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('empty body');
  });

  it('a 20 MB body: read only up to the cap, one line naming the size, server error', async () => {
    const adapter = await setup.create(server.baseUrl);
    const big = `{"padding":"${'x'.repeat(20_000_000)}"}`;
    server.respond({ status: 200, body: big, contentType: 'application/json', headers: { 'content-length': String(big.length) } });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error).toMatchObject({ errorClass: 'server', retryable: true });
    expect(error.message).toMatch(/^\S+: server error: response body over the 8\.4 MB limit, reading stopped there; HTTP 200 sent application\/json \(content-length 20\.0 MB\): "\{"padding":"x+…"$/);
    expect(error.message.length).toBeLessThan(400);
  });
});
