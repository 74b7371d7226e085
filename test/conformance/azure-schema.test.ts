import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimProviderSpec, type SimScriptStep } from '../../src/sim/index.js';
import { describeErrors, openApiValidators } from './openapi-validator.js';
import { parseSse, post, type RawAnswer } from './sim-wire.js';

// Conformance on Azure OpenAI's wire, where it differs from OpenAI's (content-filter annotations, a
// prompt-filter chunk, its error envelope): every body, chunk and error the simulator sends as Azure,
// validated with ajv against Azure's own inference spec (fixtures/schemas/azure-openai-chat-completions.json,
// vendored from Azure/azure-rest-api-specs 2024-10-21 with the commit noted). Two things the real
// service sends break its own spec; the simulator sends them as the service does, and each is
// asserted to be exactly that deviation and nothing more.

const schema = openApiValidators('azure-openai-chat-completions.json');
const completionSchema = schema('createChatCompletionResponse');
const chunkSchema = schema('createChatCompletionStreamResponse');
const errorSchema = schema('errorResponse');
const innerErrorSchema = schema('innerError');

const SERVERS: Array<Omit<SimProviderSpec, 'protocol'>> = [
  { name: 'plain' },
  { name: 'no-usage', omitUsage: true },
  { name: 'comments', wire: { sseComments: true } },
  { name: 'every-chunk', wire: { usageInEveryChunk: true } },
  { name: 'no-finish', wire: { omitFinishReason: true } },
  { name: 'json-for-stream', wire: { jsonForStream: true } },
  { name: 'rejects-options', wire: { rejectStreamOptions: true } },
];
const STEPS: SimScriptStep[] = ['ok', 'refusal', 'stream_error', 'content_filter', 400, 401, 404, 429, 500, 503];

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ providers: SERVERS.map((spec) => ({ ...spec, protocol: 'azure_openai', outputTokens: 4 })) });
});
afterAll(() => sim.close());

const checked = { completions: 0, chunks: 0, errors: 0, promptFilterChunks: 0, contentFilterErrors: 0 };

function expectValid(validate: typeof completionSchema, value: unknown, what: string): void {
  expect(validate(value), `${what}: ${describeErrors(validate).join('; ')}\n${JSON.stringify(value)}`).toBe(true);
}

/** `value` breaks the schema at `path` (the known deviation is still there) and nowhere else. */
function expectOnlyDeviation(validate: typeof completionSchema, value: unknown, path: string, what: string): void {
  expect(validate(value), `${what}: no longer deviates at ${path}: tighten this test`).toBe(false);
  const elsewhere = (validate.errors ?? []).filter((error) => !error.instancePath.startsWith(path));
  expect(elsewhere.map((error) => `${error.instancePath} ${error.message ?? ''}`), what).toEqual([]);
}

function check(answer: RawAnswer, what: string): void {
  if (answer.contentType.startsWith('text/event-stream')) {
    for (const { data } of parseSse(answer.text).events) {
      if (data === '[DONE]') continue;
      const parsed = JSON.parse(data) as Record<string, unknown>;
      if ('error' in parsed) {
        expectValid(errorSchema, parsed, `${what}: in-band error`);
        checked.errors += 1;
      } else if (parsed.object === '') {
        // Deviation 1: the prompt-filter chunk (since 2023-06-01-preview) has object "", id "" and
        // model "": the spec's enum allows only chat.completion.chunk. Everything else in it conforms.
        expect(parsed).toMatchObject({ id: '', model: '', object: '', choices: [] });
        expectOnlyDeviation(chunkSchema, parsed, '/object', `${what}: prompt-filter chunk`);
        expect(schema('promptFilterResults')(parsed.prompt_filter_results), `${what}: prompt_filter_results`).toBe(true);
        checked.promptFilterChunks += 1;
      } else {
        expectValid(chunkSchema, parsed, `${what}: chunk`);
        checked.chunks += 1;
      }
    }
    return;
  }
  const parsed = JSON.parse(answer.text) as { error?: { code?: unknown; type?: unknown; innererror?: unknown } };
  if (answer.status < 400) {
    expectValid(completionSchema, parsed, `${what}: completion`);
    checked.completions += 1;
    return;
  }
  if (parsed.error?.code === 'content_filter') {
    // Deviation 2: the content-filter 400 has `type: null` (the spec says string), and names its
    // verdict `innererror` (the spec says inner_error): checked here under the name the service uses.
    expect(parsed.error.type).toBeNull();
    expectOnlyDeviation(errorSchema, parsed, '/error/type', `${what}: content filter error`);
    expectValid(innerErrorSchema, { code: (parsed.error.innererror as { code: unknown }).code, content_filter_results: (parsed.error.innererror as { content_filter_result: unknown }).content_filter_result }, `${what}: innererror`);
    checked.contentFilterErrors += 1;
    return;
  }
  expectValid(errorSchema, parsed, `${what}: error ${answer.status}`);
  checked.errors += 1;
}

const REQUESTS = [
  { label: 'json', body: { stream: false } },
  { label: 'stream with usage', body: { stream: true, stream_options: { include_usage: true } } },
  { label: 'stream', body: { stream: true } },
  { label: 'capped stream', body: { stream: true, max_completion_tokens: 2 } },
];

describe("the simulator as Azure OpenAI conforms to Azure's inference spec (2024-10-21)", () => {
  it.each(SERVERS.map((spec) => spec.name))('%s: every step, streamed and not', async (name) => {
    const url = `${sim.providers[name].baseUrl}/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21`;
    for (const step of STEPS) {
      for (const request of REQUESTS) {
        sim.update(name, { script: [step] });
        const answer = await post(url, { messages: [{ role: 'user', content: 'say hello' }], ...request.body }, { 'api-key': 'k' });
        check(answer, `${name} ${String(step)} ${request.label}`);
      }
    }
  });

  it('checked every kind, many times (the test is not vacuous)', () => {
    expect(checked.completions).toBeGreaterThan(SERVERS.length);
    expect(checked.chunks).toBeGreaterThan(SERVERS.length * 20);
    expect(checked.errors).toBeGreaterThan(SERVERS.length * 6);
    expect(checked.promptFilterChunks).toBeGreaterThan(SERVERS.length);
    // Every content_filter step, but the one a stream_options refusal answered first.
    expect(checked.contentFilterErrors).toBe(SERVERS.length * REQUESTS.length - 1);
  });

  it("the validator refuses what Azure's spec forbids", () => {
    expect(chunkSchema({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'done' }] })).toBe(false);
    expect(schema('contentFilterSeverityResult')({ filtered: false, severity: 'very_bad' })).toBe(false);
    expect(errorSchema({ error: { code: 400 } })).toBe(false);
  });
});
