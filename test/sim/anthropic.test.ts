import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';

let sim: RunningSimulator;
let client: Anthropic;

beforeAll(async () => {
  sim = await startSimulator({ providers: [{ name: 'ant', protocol: 'anthropic', models: ['claude-sim'], outputTokens: 7, apiKey: 'sk-ant-test' }] });
  client = new Anthropic({ baseURL: sim.providers.ant.baseUrl, apiKey: 'sk-ant-test', maxRetries: 0 });
});
afterAll(() => sim.close());

const request = { model: 'claude-sim', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user' as const, content: 'Hello there Claude' }] };

describe('Anthropic Messages through @anthropic-ai/sdk', () => {
  it('answers a non-streaming call with a text block, end_turn and usage', async () => {
    const message = await client.messages.create(request);
    expect(message.type).toBe('message');
    expect(message.content[0].type).toBe('text');
    expect((message.content[0] as { text: string }).text.split(' ')).toHaveLength(7);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage).toMatchObject({ input_tokens: 5, output_tokens: 7, cache_read_input_tokens: 0 });
  });

  it('reports max_tokens when the cap cuts the reply', async () => {
    const message = await client.messages.create({ ...request, max_tokens: 3 });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(3);
  });

  it('streams: the SDK yields the text and the final message carries cumulative usage', async () => {
    const stream = client.messages.stream(request);
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expect(text.split(' ')).toHaveLength(7);
    expect((final.content[0] as { text: string }).text).toBe(text);
    expect(final.usage).toMatchObject({ input_tokens: 5, output_tokens: 7 });
    expect(final.stop_reason).toBe('end_turn');
  });

  it('sends named events including ping, each ended by a blank line, in the documented order', async () => {
    const response = await fetch(`${sim.providers.ant.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...request, stream: true }),
    });
    expect(response.headers.get('request-id')).toMatch(/^req_sim/);
    const wire = await response.text();
    expect(wire.endsWith('\n\n')).toBe(true);
    const names = wire
      .trim()
      .split('\n\n')
      .map((event) => /^event: (\S+)\ndata: /.exec(event)?.[1]);
    expect(names).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array(7).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('refuses a wrong key with 401 authentication_error', async () => {
    const wrong = new Anthropic({ baseURL: sim.providers.ant.baseUrl, apiKey: 'nope', maxRetries: 0 });
    const error = await wrong.messages.create(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('authentication_error');
  });

  it('requires max_tokens like the real API (400 invalid_request_error)', async () => {
    const response = await fetch(`${sim.providers.ant.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sim', messages: request.messages }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('lists models as a cursor page', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(['claude-sim']);
  });
});
