import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';

let sim: RunningSimulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator({
    providers: [
      { name: 'oa', protocol: 'openai', models: ['gpt-sim', 'gpt-sim-2'], outputTokens: 5 },
      { name: 'compat', protocol: 'openai', outputTokens: 4, omitUsage: true },
      { name: 'strict', protocol: 'openai', models: ['only-this'], strictModels: true },
    ],
  });
  client = new OpenAI({ baseURL: sim.providers.oa.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(() => sim.close());

const messages = [
  { role: 'system' as const, content: 'Answer briefly.' },
  { role: 'user' as const, content: 'Say hello to the simulator' },
];

describe('OpenAI chat completions through the openai SDK', () => {
  it('answers a non-streaming call with text, finish reason and exact word-count usage', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-sim', messages });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-sim');
    const text = completion.choices[0].message.content ?? '';
    expect(text.split(' ')).toHaveLength(5);
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
  });

  it('gives the same prompt the same text', async () => {
    const first = await client.chat.completions.create({ model: 'gpt-sim', messages });
    const second = await client.chat.completions.create({ model: 'gpt-sim', messages });
    expect(second.choices[0].message.content).toBe(first.choices[0].message.content);
  });

  it('caps output at max_completion_tokens and reports finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-sim', messages, max_completion_tokens: 2 });
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(2);
    const legacy = await client.chat.completions.create({ model: 'gpt-sim', messages, max_tokens: 3 });
    expect(legacy.usage?.completion_tokens).toBe(3);
  });

  it('streams role-first deltas, a finish chunk, the usage chunk with empty choices, then ends', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-sim', messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const nonStream = await client.chat.completions.create({ model: 'gpt-sim', messages });
    expect(text).toBe(nonStream.choices[0].message.content);
    const finish = chunks[chunks.length - 2];
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const usage = chunks[chunks.length - 1];
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 5 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
  });

  it('streams without a usage chunk unless include_usage is set', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-sim', messages, stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
  });

  it('frames the SSE wire with a blank line after every event and ends with data: [DONE]', async () => {
    const response = await fetch(`${sim.providers.oa.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-sim', messages, stream: true, stream_options: { include_usage: true } }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_sim/);
    const wire = await response.text();
    const events = wire.split('\n\n');
    expect(events.pop()).toBe('');
    expect(events[events.length - 1]).toBe('data: [DONE]');
    expect(events.every((event) => event.startsWith('data: ') && !event.includes('\n'))).toBe(true);
    // role chunk + 5 tokens + finish + usage + [DONE]
    expect(events).toHaveLength(9);
  });

  it('lists and retrieves models', async () => {
    const page = await client.models.list();
    expect(page.data.map((model) => model.id)).toEqual(['gpt-sim', 'gpt-sim-2']);
    const model = await client.models.retrieve('gpt-sim-2');
    expect(model).toMatchObject({ id: 'gpt-sim-2', object: 'model' });
  });

  it('a server that omits usage sends none, even when asked', async () => {
    const compat = new OpenAI({ baseURL: sim.providers.compat.baseUrl, apiKey: 'none', maxRetries: 0 });
    const completion = await compat.chat.completions.create({ model: 'anything', messages });
    expect(completion.usage).toBeUndefined();
    const stream = await compat.chat.completions.create({ model: 'anything', messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('').split(' ')).toHaveLength(4);
  });

  it('with strictModels an unknown model is a 404 model_not_found', async () => {
    const strict = new OpenAI({ baseURL: sim.providers.strict.baseUrl, apiKey: 'x', maxRetries: 0 });
    const error = await strict.chat.completions.create({ model: 'gpt-unknown', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    await expect(strict.chat.completions.create({ model: 'only-this', messages })).resolves.toBeTruthy();
  });
});
