import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUGE_BODY_BYTES, SIM_UPSTREAM_PASSWORD } from '../../src/sim/fault-bodies.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';

// The script words that imitate what real gateways and broken servers send (the fault suite's modes),
// seen through raw HTTP where the SDKs would hide the body, and through the SDKs where they would not.
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    providers: [
      { name: 'oa', protocol: 'openai', outputTokens: 8 },
      { name: 'ant', protocol: 'anthropic', outputTokens: 8 },
      { name: 'x', protocol: 'openai', outputTokens: 4, omitUsage: true, replyText: 'x'.repeat(1000) },
    ],
  });
});
afterAll(() => sim.close());

const chat = (name: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  fetch(`${sim.providers[name].baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-echo-me-0123456789', ...headers },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...body }),
  });

describe('gateway and broken-server bodies', () => {
  it('html_502 is nginx\'s HTML 502 page', async () => {
    sim.update('oa', { script: ['html_502'] });
    const response = await chat('oa');
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('non_json_200 is a 200 carrying an HTML sign-in page, streaming or not', async () => {
    for (const stream of [false, true]) {
      sim.update('oa', { script: ['non_json_200'] });
      const response = await chat('oa', { stream });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
    }
  });

  it('empty_200 is a 200 with an empty JSON body; huge_200 one of 20 MB', async () => {
    sim.update('oa', { script: ['empty_200', 'huge_200'] });
    const empty = await chat('oa');
    expect([empty.status, empty.headers.get('content-length'), await empty.text()]).toEqual([200, '0', '']);
    const huge = await chat('oa');
    expect(huge.status).toBe(200);
    expect((await huge.arrayBuffer()).byteLength).toBe(HUGE_BODY_BYTES);
  });

  it('echo_auth answers 401 quoting the credential header whole, in the protocol\'s envelope', async () => {
    sim.update('oa', { script: ['echo_auth'] });
    const error = await new OpenAI({ baseURL: sim.providers.oa.baseUrl, apiKey: 'sk-echo-me-0123456789', maxRetries: 0 })
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as Error).message).toContain('authorization: Bearer sk-echo-me-0123456789');
    sim.update('ant', { script: ['echo_auth'] });
    const anthropicError = await new Anthropic({ baseURL: sim.providers.ant.baseUrl, apiKey: 'sk-ant-echo-0123456789', maxRetries: 0 })
      .messages.create({ model: 'c', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect((anthropicError as Error).message).toContain('sk-ant-echo-0123456789');
    expect(sim.stats('oa').byOutcome.echo_auth).toBe(1);
  });
});

describe('echo_request', () => {
  it('answers 500 quoting the request line, the credential header and an upstream URL with a password', async () => {
    sim.update('oa', { script: ['echo_request'] });
    const response = await chat('oa');
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain(`http://llm-gateway:${SIM_UPSTREAM_PASSWORD}@10.0.0.7:8080/v1`);
    expect(error.message).toContain('POST /oa/v1/chat/completions');
    expect(error.message).toContain('authorization: Bearer sk-echo-me-0123456789');
  });
});

describe('truncate', () => {
  it('ends a stream cleanly after a few tokens, without finish_reason or [DONE]', async () => {
    sim.update('oa', { script: ['truncate'] });
    const text = await (await chat('oa', { stream: true })).text();
    expect(text).toContain('"content":');
    expect(text).not.toContain('finish_reason":"stop"');
    expect(text).not.toContain('[DONE]');
    expect(sim.stats('oa').byOutcome.truncate).toBe(1);
  });

  it('cuts a non-streaming body in half (a complete HTTP response that is not JSON)', async () => {
    sim.update('oa', { script: ['truncate'] });
    const response = await chat('oa');
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\{"id":/);
  });
});

describe('replyText', () => {
  it('sends the given text in outputTokens chunks, and no usage with omitUsage', async () => {
    const text = await (await chat('x', { stream: true, stream_options: { include_usage: true } })).text();
    const contents = [...text.matchAll(/"content":"(x+)"/g)].map((match) => match[1]);
    expect(contents).toHaveLength(4);
    expect(contents.join('')).toBe('x'.repeat(1000));
    expect(text).not.toContain('"usage":{');
  });
});
