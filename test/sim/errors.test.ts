import Anthropic from '@anthropic-ai/sdk';
import OpenAI, { AzureOpenAI } from 'openai';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    seed: 7,
    providers: [
      { name: 'oa', protocol: 'openai', retryAfterMs: 250 },
      { name: 'az', protocol: 'azure_openai', retryAfterMs: 250 },
      { name: 'ant', protocol: 'anthropic', retryAfterMs: 250 },
      { name: 'olla', protocol: 'ollama', retryAfterMs: 250 },
      { name: 'keyed', protocol: 'openai', apiKey: 'sk-right' },
      { name: 'limited', protocol: 'openai', requestsPerMinute: 2 },
      { name: 'limited-ant', protocol: 'anthropic', requestsPerMinute: 1 },
      { name: 'limited-az', protocol: 'azure_openai', requestsPerMinute: 1 },
      { name: 'slow', protocol: 'openai', ttftMs: 5, msPerToken: 20, outputTokens: 50 },
    ],
  });
});
afterAll(() => sim.close());

const openai = (name = 'oa', apiKey = 'sk-x', timeout?: number): OpenAI => new OpenAI({ baseURL: sim.providers[name].baseUrl, apiKey, maxRetries: 0, timeout });
const azure = (): AzureOpenAI => new AzureOpenAI({ endpoint: sim.providers.az.baseUrl, apiKey: 'k', apiVersion: '2024-10-21', deployment: 'd', maxRetries: 0 });
const anthropic = (name = 'ant', timeout?: number): Anthropic => new Anthropic({ baseURL: sim.providers[name].baseUrl, apiKey: 'k', maxRetries: 0, timeout });
const ollama = (): Ollama => new Ollama({ host: sim.providers.olla.baseUrl });

const messages = [{ role: 'user' as const, content: 'hello' }];
const askOpenAi = (client: OpenAI | AzureOpenAI) => client.chat.completions.create({ model: 'm', messages });
const askAnthropic = (client: Anthropic) => client.messages.create({ model: 'claude-x', max_tokens: 50, messages });
const caught = <T>(promise: Promise<T>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);

describe('error statuses in each protocol envelope', () => {
  it.each([
    [429, OpenAI.RateLimitError, 'requests', 'rate_limit_exceeded'],
    [500, OpenAI.InternalServerError, 'server_error', null],
    [503, OpenAI.InternalServerError, 'server_error', null],
    [529, OpenAI.InternalServerError, 'server_error', null],
  ] as const)('OpenAI %i -> %o with type %s', async (status, errorClass, type, code) => {
    sim.update('oa', { script: [status] });
    const error = (await caught(askOpenAi(openai()))) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    expect(error.code).toBe(code);
    expect(error.requestID).toMatch(/^req_sim/);
  });

  it('OpenAI 429 carries retry-after-ms and retry-after (seconds)', async () => {
    sim.update('oa', { script: [429] });
    const error = (await caught(askOpenAi(openai()))) as InstanceType<typeof OpenAI.APIError>;
    expect(error.headers?.get('retry-after-ms')).toBe('250');
    expect(error.headers?.get('retry-after')).toBe('1');
  });

  it.each([429, 500, 503, 529])('Azure %i has the string status code and no type', async (status) => {
    sim.update('az', { script: [status] });
    const error = (await caught(askOpenAi(azure()))) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(status);
    expect(error.code).toBe(String(status));
    expect(error.type).toBeUndefined();
  });

  it.each([
    [429, Anthropic.RateLimitError, 'rate_limit_error'],
    [500, Anthropic.InternalServerError, 'api_error'],
    [503, Anthropic.InternalServerError, 'overloaded_error'],
    [529, Anthropic.InternalServerError, 'overloaded_error'],
  ] as const)('Anthropic %i -> %o with error.type %s', async (status, errorClass, type) => {
    sim.update('ant', { script: [status] });
    const error = (await caught(askAnthropic(anthropic()))) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(error.type).toBe(type);
    expect(error.error).toMatchObject({ type: 'error', error: { type }, request_id: expect.stringMatching(/^req_sim/) });
    expect(error.requestID).toMatch(/^req_sim/);
  });

  it('Anthropic 529 carries retry-after when retryAfterMs is set', async () => {
    sim.update('ant', { script: [529] });
    const error = (await caught(askAnthropic(anthropic()))) as InstanceType<typeof Anthropic.APIError>;
    expect(error.headers?.get('retry-after-ms')).toBe('250');
  });

  it.each([429, 500, 503])('Ollama %i is a ResponseError with the {"error": "..."} envelope', async (status) => {
    sim.update('olla', { script: [status] });
    const error = (await caught(ollama().chat({ model: 'llama3.2', messages }))) as Error & { status_code: number; error: string };
    expect(error.name).toBe('ResponseError');
    expect(error.status_code).toBe(status);
    expect(error.error.length).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  it('a wrong or missing key gets 401 invalid_api_key, and the right key passes', async () => {
    const wrong = (await caught(askOpenAi(openai('keyed', 'sk-wrong')))) as InstanceType<typeof OpenAI.APIError>;
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(wrong.code).toBe('invalid_api_key');
    expect(wrong.message).not.toContain('sk-wrong');
    await expect(askOpenAi(openai('keyed', 'sk-right'))).resolves.toBeTruthy();
    expect(sim.stats('keyed').byOutcome).toMatchObject({ '401': 1, ok: 1 });
  });
});

describe('requests_per_minute', () => {
  it('admits the limit, then answers 429 with retry-after and x-ratelimit-* headers', async () => {
    const client = openai('limited');
    const first = await client.chat.completions.create({ model: 'm', messages }).withResponse();
    expect(first.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect(first.response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(59(\.\d+)?s|1m0s)$/);
    await askOpenAi(client);
    const error = (await caught(askOpenAi(client))) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toContain('Limit 2');
    expect(Number(error.headers?.get('retry-after-ms'))).toBeGreaterThan(59_000);
    expect(error.headers?.get('retry-after')).toBe('60');
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(sim.stats('limited').byOutcome).toEqual({ ok: 2, '429': 1 });
  });

  it('Anthropic rate limits carry anthropic-ratelimit-* with an RFC 3339 reset', async () => {
    const client = anthropic('limited-ant');
    await askAnthropic(client);
    const error = (await caught(askAnthropic(client))) as InstanceType<typeof Anthropic.APIError>;
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    const reset = error.headers?.get('anthropic-ratelimit-requests-reset') ?? '';
    expect(reset).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(reset)).toBeGreaterThan(Date.now() + 50_000);
  });

  it('Azure rate limits carry x-ratelimit-remaining-* and retry-after', async () => {
    const client = new AzureOpenAI({ endpoint: sim.providers['limited-az'].baseUrl, apiKey: 'k', apiVersion: '2024-10-21', deployment: 'd', maxRetries: 0 });
    await askOpenAi(client);
    const error = (await caught(askOpenAi(client))) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe('429');
    expect(error.headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(error.headers?.get('retry-after')).toBe('60');
  });
});

describe('client aborts', () => {
  it('a client that aborts mid-stream does not disturb the next request', async () => {
    const controller = new AbortController();
    const stream = await openai('slow').chat.completions.create({ model: 'm', messages, stream: true }, { signal: controller.signal });
    let chunks = 0;
    const error = await caught(
      (async () => {
        for await (const _chunk of stream) if (++chunks === 3) controller.abort();
      })(),
    );
    // Observed with openai@6: iterating an aborted stream just ends (the SDK swallows the abort error).
    expect(error).toBeUndefined();
    // Chunks already read off the socket with the third may still be delivered; the rest never are.
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(chunks).toBeLessThan(50);
    sim.update('slow', { msPerToken: 0 });
    const completion = await openai('slow').chat.completions.create({ model: 'm', messages });
    expect(completion.usage?.completion_tokens).toBe(50);
  });
});

describe('hang and drop', () => {
  it('a hung request is never answered: the client timeout fires', async () => {
    sim.update('oa', { script: ['hang'] });
    const error = await caught(askOpenAi(openai('oa', 'k', 200)));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(sim.stats('oa').byOutcome.hang).toBeGreaterThanOrEqual(1);
  });

  it('a hung Anthropic stream times out in the SDK too', async () => {
    sim.update('ant', { script: ['hang'] });
    const error = await caught(anthropic('ant', 200).messages.create({ model: 'c', max_tokens: 10, messages, stream: true }));
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('OpenAI: a stream dropped mid-way makes the SDK iteration throw after the first tokens', async () => {
    sim.update('oa', { script: ['drop'] });
    const stream = await openai().chat.completions.create({ model: 'm', messages, stream: true });
    const texts: string[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    // Observed with openai@6 on Node 20: undici's TypeError "terminated" (cause UND_ERR_SOCKET) is rethrown
    // as is, not wrapped in an OpenAI APIConnectionError.
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('terminated');
    expect(texts.join('').split(' ')).toHaveLength(3);
  });

  // Observed with @anthropic-ai/sdk@1 on Node 20: the same undici TypeError "terminated" (cause UND_ERR_SOCKET).
  it('Anthropic: a dropped stream rejects the MessageStream', async () => {
    sim.update('ant', { script: ['drop'] });
    const stream = anthropic().messages.stream({ model: 'c', max_tokens: 50, messages });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const error = await caught(stream.finalMessage());
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('terminated');
    expect(text.split(' ')).toHaveLength(3);
  });

  // Observed with ollama@0.6: TypeError "terminated" from fetch, not "Did not receive done".
  it('Ollama: a dropped stream throws from the iterator (never a silent done)', async () => {
    sim.update('olla', { script: ['drop'] });
    const stream = await ollama().chat({ model: 'llama3.2', messages, stream: true });
    let text = '';
    const error = await caught(
      (async () => {
        for await (const part of stream) text += part.message.content;
      })(),
    );
    expect(error).toBeInstanceOf(Error);
    expect(text.split(' ')).toHaveLength(3);
  });

  it('a dropped non-streaming call is a connection error', async () => {
    sim.update('oa', { script: ['drop'] });
    expect(await caught(askOpenAi(openai()))).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});

describe('in-band stream errors (script step stream_error)', () => {
  const drain = async (iterable: AsyncIterable<unknown>, onItem: (item: unknown) => void = () => {}): Promise<unknown> =>
    caught(
      (async () => {
        for await (const item of iterable) onItem(item);
      })(),
    );

  it('OpenAI: a data: {"error": ...} event after 3 tokens makes the SDK throw an APIError', async () => {
    sim.update('oa', { script: ['stream_error'] });
    let text = '';
    const stream = await openai().chat.completions.create({ model: 'm', messages, stream: true });
    const error = await drain(stream, (chunk) => (text += (chunk as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? ''));
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).type).toBe('server_error');
    expect(text.split(' ')).toHaveLength(3);
    expect(sim.stats('oa').byOutcome.stream_error).toBeGreaterThanOrEqual(1);
  });

  it('Anthropic: event: error overloaded_error after the 200 makes the SDK throw with that type', async () => {
    sim.update('ant', { script: ['stream_error'] });
    const stream = await anthropic().messages.create({ model: 'c', max_tokens: 50, messages, stream: true });
    const error = await drain(stream);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('Ollama: an {"error": ...} line makes the iterator throw that message', async () => {
    sim.update('olla', { script: ['stream_error'] });
    const stream = await ollama().chat({ model: 'llama3.2', messages, stream: true });
    const error = await drain(stream);
    expect((error as Error).message).toContain('unexpected EOF');
  });

  it('a non-streaming call gets a plain 500 instead', async () => {
    sim.update('oa', { script: ['stream_error'] });
    expect(((await caught(askOpenAi(openai()))) as { status: number }).status).toBe(500);
  });
});

describe('scripts, random rates and runtime updates', () => {
  it('consumes scripted outcomes in order, then falls back to the rates', async () => {
    sim.update('oa', { script: [500, 'ok', 429] });
    const before = sim.stats('oa');
    const results = [];
    for (let i = 0; i < 4; i++) {
      const error = (await caught(askOpenAi(openai()))) as { status?: number } | undefined;
      results.push(error ? error.status : 'ok');
    }
    expect(results).toEqual([500, 'ok', 429, 'ok']);
    expect(sim.stats('oa').requests).toBe(before.requests + 4);
  });

  it('update() takes a provider down and back up', async () => {
    sim.update('oa', { errorRates: { '503': 1 } });
    expect(((await caught(askOpenAi(openai()))) as { status: number }).status).toBe(503);
    sim.update('oa', { errorRates: {} });
    await expect(askOpenAi(openai())).resolves.toBeTruthy();
  });

  it('draws the same outcome sequence for the same seed', async () => {
    const outcomes = async (): Promise<string[]> => {
      const other = await startSimulator({ seed: 42, providers: [{ name: 'p', protocol: 'openai', errorRates: { '500': 0.3, '429': 0.2 } }] });
      const client = new OpenAI({ baseURL: other.providers.p.baseUrl, apiKey: 'k', maxRetries: 0 });
      const seen: string[] = [];
      for (let i = 0; i < 20; i++) {
        const error = (await caught(askOpenAi(client))) as { status?: number } | undefined;
        seen.push(error ? String(error.status) : 'ok');
      }
      await other.close();
      return seen;
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('close() ends a hanging request', async () => {
    const other = await startSimulator({ providers: [{ name: 'p', protocol: 'openai', hangRate: 1 }] });
    const pending = caught(new OpenAI({ baseURL: other.providers.p.baseUrl, apiKey: 'k', maxRetries: 0 }).chat.completions.create({ model: 'm', messages }));
    while (other.stats('p').requests === 0) await new Promise((resolve) => setImmediate(resolve));
    await other.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
