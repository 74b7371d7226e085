import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderType } from '../../src/spec/config.js';
import type { ErrorClass } from '../../src/spec/errors.js';
import { request, setupFor, setups } from './adapter-setups.js';
import { providerErrorOf } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

let server: WireServer;
beforeAll(async () => {
  server = await startWireServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** Status -> class, the same for every protocol (bodies in each protocol's own envelope). */
const statusTable: Array<[number, ErrorClass]> = [
  [400, 'bad_request'],
  [401, 'auth'],
  [402, 'quota'],
  [403, 'permission'],
  [404, 'not_found'],
  [408, 'timeout'],
  [409, 'conflict'],
  [413, 'bad_request'],
  [422, 'bad_request'],
  [429, 'rate_limit'],
  [500, 'server'],
  [502, 'server'],
  [503, 'server'],
  [529, 'overloaded'],
];

describe.each(setups)('$type: HTTP status classification', (setup) => {
  it.each(statusTable)('HTTP %i -> %s, one request, status kept', async (status, expected) => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status, body: setup.errorBody(status) });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe(expected);
    expect(error.status).toBe(status);
    expect(error.provider).toBe(adapter.name);
    expect(error.model).toBe('test-model');
    // SDK retries are off: 408/409/429/5xx would otherwise be retried by the SDK itself.
    expect(server.requests).toHaveLength(1);
  });

  it('a 500 on a stream request is one HTTP request too', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 500, body: setup.errorBody(500) });
    const error = await providerErrorOf(async () => {
      for await (const _event of adapter.stream(request)) {
        // drain
      }
    });
    expect(error.errorClass).toBe('server');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('401 names the provider and where the key came from, and never the key', async () => {
    const adapter = await setup.create(server.baseUrl, { apiKey: 'sk-live-VERY-SECRET-KEY-42', apiKeySource: 'MY_PROVIDER_KEY' });
    // The body echoes the key, as OpenAI's does (partially masked there; in full here, worst case).
    server.respond({ status: 401, body: setup.errorBody(401).replace('simulated 401', 'Incorrect API key provided: sk-live-VERY-SECRET-KEY-42') });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('auth');
    expect(error.message).toContain(adapter.name);
    expect(error.message).toContain('MY_PROVIDER_KEY');
    expect(error.message).not.toContain('SECRET');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('SECRET');
    // Not even through the cause chain that -v prints.
    expect(inspect(error, { depth: 10 })).not.toContain('SECRET');
    expect(error.disposition).toBe('failover');
  });

  it('a 500 whose body echoes the key keeps neither in message nor cause', async () => {
    const adapter = await setup.create(server.baseUrl, { apiKey: 'sk-live-VERY-SECRET-KEY-42' });
    server.respond({ status: 500, body: setup.errorBody(500).replace('simulated 500', 'bad key sk-live-VERY-SECRET-KEY-42 here') });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('server');
    expect(error.message).toContain('bad key [redacted] here');
    expect(inspect(error, { depth: 10 })).not.toContain('SECRET');
  });

  it('a refused connection is a retryable network error', async () => {
    const closed = await startWireServer();
    const deadBaseUrl = closed.baseUrl;
    await closed.close();
    const adapter = await setup.create(deadBaseUrl);
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('network');
    expect(error.status).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(new RegExp(`^${adapter.name}: connection failed: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+$`));
  });
});

describe('recorded error envelopes (protocols.md)', () => {
  it.each<[ProviderType, string, number, ErrorClass]>([
    ['openai', 'openai-error-400.json', 400, 'bad_request'],
    ['openai', 'openai-error-401.json', 401, 'auth'],
    ['openai', 'openai-error-403.json', 403, 'permission'],
    ['openai', 'openai-error-404.json', 404, 'not_found'],
    ['openai', 'openai-error-500.json', 500, 'server'],
    ['openai', 'openai-error-503.json', 503, 'server'],
    ['azure_openai', 'azure-error-401.json', 401, 'auth'],
    ['anthropic', 'anthropic-error-400.json', 400, 'bad_request'],
    ['anthropic', 'anthropic-error-401.json', 401, 'auth'],
    ['anthropic', 'anthropic-error-404.json', 404, 'not_found'],
    ['anthropic', 'anthropic-error-500.json', 500, 'server'],
    ['ollama', 'ollama-error-500.json', 500, 'server'],
  ])('%s %s (HTTP %i) -> %s', async (type, fixtureName, status, expected) => {
    const adapter = await setupFor(type).create(server.baseUrl);
    server.respond({ status, fixture: fixtureName });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe(expected);
    expect(error.status).toBe(status);
    // The human part of the envelope survives (except for 401, which never echoes the server).
    if (expected !== 'auth') expect(error.message.length).toBeGreaterThan(`${adapter.name}: `.length + 20);
  });
});

describe('body-dependent classes', () => {
  it('openai: 429 insufficient_quota is quota, 429 rate_limit_exceeded is rate_limit', async () => {
    const adapter = await setupFor('openai').create(server.baseUrl);
    server.respond({ status: 429, fixture: 'openai-error-429-quota.json' });
    const quota = await providerErrorOf(adapter.chat(request));
    server.respond({ status: 429, fixture: 'openai-error-429-rate-limit.json' });
    const rateLimit = await providerErrorOf(adapter.chat(request));
    expect(quota.errorClass).toBe('quota');
    expect(quota.disposition).toBe('failover');
    expect(quota.message).toContain('You exceeded your current quota');
    expect(rateLimit.errorClass).toBe('rate_limit');
    expect(rateLimit.disposition).toBe('retry');
  });

  it('custom: an OpenRouter-style 402 with a numeric code is quota', async () => {
    const adapter = await setupFor('custom').create(server.baseUrl);
    server.respond({ status: 402, body: '{"error":{"code":402,"message":"Insufficient credits"}}' });
    expect((await providerErrorOf(adapter.chat(request))).errorClass).toBe('quota');
  });

  it('azure: its 429 envelope (string code, no type) is rate_limit with retry-after', async () => {
    const adapter = await setupFor('azure_openai').create(server.baseUrl);
    server.respond({ status: 429, fixture: 'azure-error-429.json', headers: { 'retry-after': '6' } });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('rate_limit');
    expect(error.retryAfterMs).toBe(6000);
  });

  it('anthropic: 529 overloaded_error is overloaded, 402 billing_error is quota, 503 overloaded_error is overloaded', async () => {
    const adapter = await setupFor('anthropic').create(server.baseUrl);
    server.respond({ status: 529, fixture: 'anthropic-overloaded-529.json' });
    const overloaded = await providerErrorOf(adapter.chat(request));
    expect(overloaded.errorClass).toBe('overloaded');
    expect(overloaded.message).toContain('Overloaded');
    server.respond({ status: 402, fixture: 'anthropic-error-402.json' });
    expect((await providerErrorOf(adapter.chat(request))).errorClass).toBe('quota');
    server.respond({ status: 503, fixture: 'anthropic-overloaded-529.json' });
    expect((await providerErrorOf(adapter.chat(request))).errorClass).toBe('overloaded');
  });

  it('anthropic: 429 rate_limit_error carries retry-after seconds', async () => {
    const adapter = await setupFor('anthropic').create(server.baseUrl);
    server.respond({ status: 429, fixture: 'anthropic-error-429.json', headers: { 'retry-after': '17' } });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('rate_limit');
    expect(error.retryAfterMs).toBe(17_000);
  });

  it('ollama: a 404 for an unknown model is not_found with the server message', async () => {
    const adapter = await setupFor('ollama').create(server.baseUrl);
    server.respond({ status: 404, fixture: 'ollama-error-404.json' });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('not_found');
    expect(error.message).toContain("model 'llama9:latest' not found");
  });

  it('ollama: a non-JSON error body is still classified by status (and nothing is printed)', async () => {
    const adapter = await setupFor('ollama').create(server.baseUrl);
    server.respond({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('server');
    expect(error.message).toContain('Bad Gateway');
  });
});

describe.each(setups)('$type: retry-after', (setup) => {
  it('reads retry-after-ms first', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 429, body: setup.errorBody(429), headers: { 'retry-after-ms': '1500', 'retry-after': '9' } });
    expect((await providerErrorOf(adapter.chat(request))).retryAfterMs).toBe(1500);
  });

  it('reads retry-after seconds', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 503, body: setup.errorBody(503), headers: { 'retry-after': '2.5' } });
    expect((await providerErrorOf(adapter.chat(request))).retryAfterMs).toBe(2500);
  });

  it('reads retry-after as an HTTP date against the injected wall clock', async () => {
    const nowMs = Date.parse('2026-01-01T12:00:00Z');
    const adapter = await setup.create(server.baseUrl, {}, { wallClockMs: () => nowMs });
    server.respond({ status: 429, body: setup.errorBody(429), headers: { 'retry-after': 'Thu, 01 Jan 2026 12:00:30 GMT' } });
    expect((await providerErrorOf(adapter.chat(request))).retryAfterMs).toBe(30_000);
  });

  it('leaves retryAfterMs unset without the headers', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ status: 429, body: setup.errorBody(429) });
    expect((await providerErrorOf(adapter.chat(request))).retryAfterMs).toBeUndefined();
  });
});
