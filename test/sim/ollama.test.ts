import { Ollama } from 'ollama';

// ollama-js does not export its ResponseError class; it is recognised by name and fields.
interface ResponseError extends Error {
  error: string;
  status_code: number;
}
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';

let sim: RunningSimulator;
let client: Ollama;

beforeAll(async () => {
  sim = await startSimulator({
    providers: [{ name: 'olla', protocol: 'ollama', models: ['llama3.2:latest', 'qwen2.5:7b'], strictModels: true, outputTokens: 8, ttftMs: 5, msPerToken: 1 }],
  });
  client = new Ollama({ host: sim.providers.olla.baseUrl });
});
afterAll(() => sim.close());

const messages = [{ role: 'user', content: 'Why is the sky blue' }];

describe('Ollama native API through ollama-js (host with a path prefix)', () => {
  it('keeps the /<name> prefix of its host: requests land on this provider', async () => {
    const before = sim.stats('olla').requests;
    await client.version();
    expect(sim.stats('olla').requests).toBe(before + 1);
  });

  it('answers stream:false with one JSON object carrying counts and ns durations', async () => {
    const response = await client.chat({ model: 'llama3.2', messages });
    expect(response.done).toBe(true);
    expect(response.done_reason).toBe('stop');
    expect(response.message.content.split(' ')).toHaveLength(8);
    expect(response.prompt_eval_count).toBe(5);
    expect(response.eval_count).toBe(8);
    expect(response.prompt_eval_duration).toBe(5_000_000);
    expect(response.eval_duration).toBe(8_000_000);
  });

  it('streams NDJSON parts and ends with done:true', async () => {
    const stream = await client.chat({ model: 'llama3.2:latest', messages, stream: true });
    const parts = [];
    for await (const part of stream) parts.push(part);
    expect(parts).toHaveLength(9);
    expect(parts.slice(0, -1).every((part) => !part.done)).toBe(true);
    const last = parts[parts.length - 1];
    expect(last).toMatchObject({ done: true, done_reason: 'stop', eval_count: 8, prompt_eval_count: 5 });
    expect(parts.map((part) => part.message.content).join('').split(' ')).toHaveLength(8);
  });

  it('caps output at options.num_predict with done_reason length', async () => {
    const response = await client.chat({ model: 'llama3.2', messages, options: { num_predict: 2 } });
    expect(response.done_reason).toBe('length');
    expect(response.eval_count).toBe(2);
  });

  it('lists tags and the version, and answers GET / with the banner', async () => {
    const tags = await client.list();
    expect(tags.models.map((model) => model.name)).toEqual(['llama3.2:latest', 'qwen2.5:7b']);
    expect((await client.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
    const banner = await fetch(sim.providers.olla.baseUrl);
    expect(banner.headers.get('content-type')).toContain('text/plain');
    expect(await banner.text()).toBe('Ollama is running');
    const head = await fetch(sim.providers.olla.baseUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('streams with application/x-ndjson when the body does not say stream:false', async () => {
    const response = await fetch(`${sim.providers.olla.baseUrl}/api/chat`, { method: 'POST', body: JSON.stringify({ model: 'qwen2.5:7b', messages }) });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line).done)).toEqual([...Array(8).fill(false), true]);
  });

  it('an unknown model is a 404 ResponseError with Ollama wording', async () => {
    const error = await client.chat({ model: 'llama9', messages }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ResponseError');
    expect((error as ResponseError).status_code).toBe(404);
    expect((error as ResponseError).error).toBe("model 'llama9:latest' not found");
  });
});
