import { afterEach, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/providers/index.js';
import { startSimulator, type RunningSimulator, type SimProviderSpec } from '../../src/sim/index.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ChatRequest } from '../../src/spec/chat.js';
import type { ProviderConfig, ProviderType } from '../../src/spec/config.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';
import { collectStream, providerErrorOf, streamFailure } from './stream-helpers.js';

// What real providers and OpenAI-compatible servers send, sent by the simulator (its `wire:` variants
// and script words) and read through the official SDKs (openai@6 incl. AzureOpenAI,
// @anthropic-ai/sdk, ollama-js) by llmx's adapters. Recorded versions of the same variants are in
// wire-variants.test.ts; these prove the simulator sends them, so every other test can use them.

const KEY = 'sim-key-0123456789';
const PROMPT = 'say hello to the sea';
const PROMPT_WORDS = PROMPT.split(' ').length;
const OUTPUT = 5;

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A simulator with one provider of `type`'s protocol and these variants, and an adapter on it. */
async function adapterOn(
  type: ProviderType,
  spec: Omit<SimProviderSpec, 'name' | 'protocol'>,
  overrides: Partial<ProviderConfig> = {},
): Promise<{ adapter: ProviderAdapter; name: string; request: ChatRequest; config: ProviderConfig }> {
  const protocol = type === 'custom' ? 'openai' : type;
  const name = `sim-${type}`;
  sim = await startSimulator({ providers: [{ name, protocol, apiKey: protocol === 'ollama' ? undefined : KEY, outputTokens: OUTPUT, ...spec }] });
  const { baseUrl, models } = sim.providers[name];
  const location: Partial<ProviderConfig> = type === 'azure_openai' ? { endpoint: baseUrl, apiVersion: '2024-10-21' } : { baseUrl };
  const config = providerConfig(type, { name, apiKey: KEY, ...location, models, ...overrides });
  return { adapter: await createAdapter(config), name, config, request: { model: models[0], messages: [{ role: 'user', content: PROMPT }] } };
}

/** The simulator's stats for the provider of the current test. */
function stats(name: string) {
  return sim!.stats(name);
}

describe('SSE comment lines (": ping")', () => {
  it.each(['openai', 'azure_openai', 'anthropic'] as const)('%s: skipped; the answer and its usage are whole', async (type) => {
    const { adapter, request } = await adapterOn(type, { wire: { sseComments: true } });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas.join('').split(' ')).toHaveLength(OUTPUT);
    expect(result).toMatchObject({ finishReason: 'stop', usage: { inputTokens: PROMPT_WORDS, outputTokens: OUTPUT, estimated: false } });
  });
});

describe('usage in every chunk or only the last', () => {
  it.each(['openai', 'custom', 'azure_openai'] as const)('%s: cumulative usage in every chunk: the latest is the total', async (type) => {
    const { adapter, request } = await adapterOn(type, { wire: { usageInEveryChunk: true } });
    const { usages, result } = await collectStream(adapter.stream(request));
    // One report per chunk that carried usage (role, each token, finish, the usage chunk), counts rising.
    expect(usages.length).toBeGreaterThanOrEqual(OUTPUT + 2);
    expect(usages.map((usage) => usage.outputTokens)).toEqual([...usages.map((usage) => usage.outputTokens)].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(result.usage).toMatchObject({ inputTokens: PROMPT_WORDS, outputTokens: OUTPUT, cachedInputTokens: 0, estimated: false });
  });

  it('openai: usage only in the last chunk is the total too', async () => {
    const { adapter, request } = await adapterOn('openai', {});
    const { usages, result } = await collectStream(adapter.stream(request));
    expect(usages).toHaveLength(1);
    expect(result.usage).toMatchObject({ outputTokens: OUTPUT, estimated: false });
  });
});

describe('no finish_reason', () => {
  it.each(['openai', 'custom', 'azure_openai'] as const)('%s: a stream that ends cleanly without one is an answer: unknown, with the server usage', async (type) => {
    const { adapter, request } = await adapterOn(type, { wire: { omitFinishReason: true } });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ finishReason: 'unknown', rawFinishReason: null, usage: { inputTokens: PROMPT_WORDS, outputTokens: OUTPUT, estimated: false } });
  });

  it('ollama: the final message without done_reason is stop, stream and not', async () => {
    const { adapter, request } = await adapterOn('ollama', { wire: { omitFinishReason: true } });
    expect((await collectStream(adapter.stream(request))).result).toMatchObject({ finishReason: 'stop', rawFinishReason: null, usage: { outputTokens: OUTPUT, estimated: false } });
    expect(await adapter.chat(request)).toMatchObject({ finishReason: 'stop', rawFinishReason: null });
  });
});

describe('a JSON answer to a stream request', () => {
  it.each(['openai', 'custom', 'azure_openai', 'anthropic'] as const)('%s: read as the answer, in one request', async (type) => {
    const { adapter, name, request } = await adapterOn(type, { wire: { jsonForStream: true } });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas).toHaveLength(1);
    expect(result).toMatchObject({ text: deltas[0], finishReason: 'stop', usage: { inputTokens: PROMPT_WORDS, outputTokens: OUTPUT, estimated: false } });
    expect(stats(name).requests).toBe(1);
  });
});

describe("Groq's x_groq.usage", () => {
  it("custom: usage under x_groq on the last chunk is the server's usage, asked for or not", async () => {
    const { adapter, request, config } = await adapterOn('custom', { wire: { groqUsage: true } });
    const { result } = await collectStream(adapter.stream(request));
    expect(result).toMatchObject({ finishReason: 'stop', usage: { inputTokens: PROMPT_WORDS, outputTokens: OUTPUT, estimated: false } });
    const quiet = await createAdapter({ ...config, streamUsage: false });
    expect((await collectStream(quiet.stream(request))).result.usage).toMatchObject({ outputTokens: OUTPUT, estimated: false });
  });
});

describe('rejecting stream_options', () => {
  it.each(['custom', 'azure_openai'] as const)('%s: the 400 names the refused feature; without it the stream is answered', async (type) => {
    const { adapter, request } = await adapterOn(type, { wire: { rejectStreamOptions: true } });
    const { error } = await streamFailure(adapter.stream(request));
    expect(error).toMatchObject({ status: 400, errorClass: 'bad_request', refusedFeature: 'stream_usage' });
    expect(error.message).toContain('Unrecognized request argument supplied: stream_options');
    const { result } = await collectStream(adapter.stream(request, { without: ['stream_usage'] }));
    expect(result.usage).toMatchObject({ outputTokens: OUTPUT, estimated: true });
  });
});

describe('refusals', () => {
  it.each(['openai', 'azure_openai'] as const)('%s: message.refusal and delta.refusal (content null) are the text, finish_reason refusal', async (type) => {
    const { adapter, request } = await adapterOn(type, { script: ['refusal', 'refusal'] });
    expect(await adapter.chat(request)).toMatchObject({ text: "I'm sorry, but I can't help with that.", finishReason: 'refusal', rawFinishReason: 'stop' });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas.join('')).toBe("I'm sorry, but I can't help with that.");
    expect(result).toMatchObject({ finishReason: 'refusal', usage: { outputTokens: 8, estimated: false } });
  });

  it('anthropic: stop_reason refusal, stream and not', async () => {
    const { adapter, request } = await adapterOn('anthropic', { script: ['refusal', 'refusal'] });
    expect(await adapter.chat(request)).toMatchObject({ text: "I'm sorry, but I can't help with that.", finishReason: 'refusal', rawFinishReason: 'refusal' });
    expect((await collectStream(adapter.stream(request))).result).toMatchObject({ finishReason: 'refusal', rawFinishReason: 'refusal' });
  });
});

describe('an error event mid-stream', () => {
  it.each([
    ['openai', 'server'],
    ['azure_openai', 'server'],
    ['anthropic', 'overloaded'],
    ['ollama', 'server'],
  ] as const)('%s: the text so far arrives, then the error, classified (%s)', async (type, errorClass) => {
    const { adapter, request } = await adapterOn(type, { script: ['stream_error'] });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas.join('').trim().split(' ')).toHaveLength(3);
    expect(error.errorClass).toBe(errorClass);
  });
});

describe('account and policy refusals', () => {
  it('anthropic: the credit-balance 400 is quota and fails over', async () => {
    const { adapter, request } = await adapterOn('anthropic', { script: ['out_of_credit'] });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error).toMatchObject({ status: 400, errorClass: 'quota', disposition: 'failover' });
    expect(error.message).toContain('Your credit balance is too low');
  });

  it('openai: 429 insufficient_quota is quota, not a rate limit', async () => {
    const { adapter, request } = await adapterOn('openai', { script: ['out_of_credit'] });
    expect(await providerErrorOf(adapter.chat(request))).toMatchObject({ status: 429, errorClass: 'quota', disposition: 'failover' });
  });

  it('azure: the content-filter 400 fails over and names the filtered category', async () => {
    const { adapter, request } = await adapterOn('azure_openai', { script: ['content_filter'] });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error).toMatchObject({ status: 400, errorClass: 'content_filter', disposition: 'failover' });
    expect(error.message).toContain('prompt filtered (violence: medium)');
  });

  it('the simulator refuses a word its protocol does not have', async () => {
    await expect(startSimulator({ providers: [{ name: 'x', protocol: 'ollama', script: ['content_filter'] }] })).rejects.toThrow('script: content_filter is only for protocols azure_openai');
    await expect(startSimulator({ providers: [{ name: 'x', protocol: 'anthropic', wire: { groqUsage: true } }] })).rejects.toThrow('wire.groqUsage: only for protocols openai');
  });
});
