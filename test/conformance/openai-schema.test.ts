import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimProviderSpec, type SimScriptStep } from '../../src/sim/index.js';
import { describeErrors, openApiValidators } from './openapi-validator.js';
import { parseSse, post, type RawAnswer } from './sim-wire.js';

// Conformance: every response body, stream chunk and error the simulator sends on the OpenAI protocol,
// for every wire variant and script word it has there, validated with ajv against OpenAI's published
// OpenAPI schemas (fixtures/schemas/openai-chat-completions.json: CreateChatCompletionResponse,
// CreateChatCompletionStreamResponse, ErrorResponse, vendored from openai/openai-openapi with the commit noted).

const schema = openApiValidators('openai-chat-completions.json');
const completionSchema = schema('CreateChatCompletionResponse');
const chunkSchema = schema('CreateChatCompletionStreamResponse');
const errorSchema = schema('ErrorResponse');

/** Every way the simulator can be set up on the OpenAI wire: the reference, each variant, omitted usage. */
const SERVERS: Array<Omit<SimProviderSpec, 'protocol'>> = [
  { name: 'plain' },
  { name: 'no-usage', omitUsage: true },
  { name: 'comments', wire: { sseComments: true } },
  { name: 'every-chunk', wire: { usageInEveryChunk: true } },
  { name: 'no-finish', wire: { omitFinishReason: true } },
  { name: 'json-for-stream', wire: { jsonForStream: true } },
  { name: 'groq', wire: { groqUsage: true } },
  { name: 'rejects-options', wire: { rejectStreamOptions: true } },
  { name: 'capped', outputTokens: 50 },
];

/** Script steps that shape what one request gets. */
const STEPS: SimScriptStep[] = ['ok', 'refusal', 'stream_error', 'out_of_credit', 400, 401, 404, 429, 500, 503];

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ providers: SERVERS.map((spec) => ({ ...spec, protocol: 'openai', outputTokens: spec.outputTokens ?? 4 })) });
});
afterAll(() => sim.close());

const checked = { completions: 0, chunks: 0, errors: 0 };

function expectValid(validate: typeof completionSchema, value: unknown, what: string): void {
  const valid = validate(value);
  expect(valid, `${what}: ${describeErrors(validate).join('; ')}\n${JSON.stringify(value)}`).toBe(true);
}

/** Validates everything in one raw answer, by what it is. */
function check(answer: RawAnswer, what: string): void {
  if (answer.contentType.startsWith('text/event-stream')) {
    const { events } = parseSse(answer.text);
    expect(events.length, what).toBeGreaterThan(0);
    for (const { data } of events) {
      if (data === '[DONE]') continue;
      const parsed = JSON.parse(data) as Record<string, unknown>;
      // An error after the 200 is an `error` object in a data line, in the error envelope's shape.
      if ('error' in parsed) {
        expectValid(errorSchema, parsed, `${what}: in-band error`);
        checked.errors += 1;
      } else {
        expectValid(chunkSchema, parsed, `${what}: chunk`);
        checked.chunks += 1;
      }
    }
    return;
  }
  const parsed = JSON.parse(answer.text) as unknown;
  if (answer.status >= 400) {
    expectValid(errorSchema, parsed, `${what}: error ${answer.status}`);
    checked.errors += 1;
  } else {
    expectValid(completionSchema, parsed, `${what}: completion`);
    checked.completions += 1;
  }
}

const REQUESTS = [
  { label: 'json', body: { stream: false } },
  { label: 'stream with usage', body: { stream: true, stream_options: { include_usage: true } } },
  { label: 'stream', body: { stream: true } },
  { label: 'capped stream', body: { stream: true, max_completion_tokens: 2, stream_options: { include_usage: true } } },
];

describe('the simulator on the OpenAI wire conforms to OpenAI\'s OpenAPI schemas', () => {
  it.each(SERVERS.map((spec) => spec.name))('%s: every step, streamed and not', async (name) => {
    const url = `${sim.providers[name].baseUrl}/chat/completions`;
    for (const step of STEPS) {
      for (const request of REQUESTS) {
        sim.update(name, { script: [step] });
        const answer = await post(url, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'say hello' }], ...request.body }, { authorization: 'Bearer k' });
        check(answer, `${name} ${String(step)} ${request.label}`);
      }
    }
    // The models list is not in these schemas, but its errors are.
    sim.update(name, { script: [503] });
    check(await fetch(`${sim.providers[name].baseUrl}/models`).then(async (response) => ({ status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() })), `${name} models 503`);
  });

  it('checked every kind, many times (the test is not vacuous)', () => {
    expect(checked.completions).toBeGreaterThan(SERVERS.length * 2);
    expect(checked.chunks).toBeGreaterThan(SERVERS.length * 20);
    expect(checked.errors).toBeGreaterThan(SERVERS.length * 7);
  });

  it('the validator refuses what the schema forbids (a wrong finish_reason, a missing id, an error without a message)', () => {
    const chunk = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }] };
    expect(chunkSchema(chunk)).toBe(true);
    expect(chunkSchema({ ...chunk, choices: [{ ...chunk.choices[0], finish_reason: 'done' }] })).toBe(false);
    expect(completionSchema({ object: 'chat.completion', created: 1, model: 'm', choices: [] })).toBe(false);
    expect(errorSchema({ error: { type: 'x', param: null, code: null } })).toBe(false);
  });
});

describe('each variant is on the wire as its name says', () => {
  const ask = (name: string, body: Record<string, unknown> = { stream: true, stream_options: { include_usage: true } }) =>
    post(`${sim.providers[name].baseUrl}/chat/completions`, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'say hello' }], ...body }, { authorization: 'Bearer k' });
  const chunksOf = (answer: RawAnswer) =>
    parseSse(answer.text)
      .events.filter(({ data }) => data !== '[DONE]')
      .map(({ data }) => JSON.parse(data) as { choices: Array<{ finish_reason: string | null; delta: Record<string, unknown> }>; usage?: { completion_tokens: number } | null; x_groq?: { usage: unknown } });

  it('sse comments: a ": ping" line before every event', async () => {
    const answer = await ask('comments');
    const { events, comments } = parseSse(answer.text);
    expect(comments).toBe(events.length);
  });

  it('usage in every chunk: rising completion counts on every chunk; by default only the last carries usage', async () => {
    const counts = chunksOf(await ask('every-chunk')).map((chunk) => chunk.usage?.completion_tokens);
    expect(counts).toEqual([0, 1, 2, 3, 4, 4, 4]);
    expect(chunksOf(await ask('plain')).filter((chunk) => chunk.usage).length).toBe(1);
  });

  it('no finish_reason: none in the stream, still the usage chunk and [DONE]', async () => {
    const answer = await ask('no-finish');
    expect(chunksOf(answer).every((chunk) => chunk.choices.every((choice) => choice.finish_reason === null))).toBe(true);
    expect(chunksOf(answer).some((chunk) => chunk.usage)).toBe(true);
    expect(answer.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('json for stream: application/json with a chat.completion', async () => {
    const answer = await ask('json-for-stream');
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toMatchObject({ object: 'chat.completion' });
  });

  it('groq usage: x_groq.usage on the finish chunk, asked or not, and no top-level usage', async () => {
    for (const body of [{ stream: true }, { stream: true, stream_options: { include_usage: true } }]) {
      const chunks = chunksOf(await ask('groq', body));
      expect(chunks.filter((chunk) => chunk.x_groq?.usage)).toHaveLength(1);
      expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    }
  });

  it('rejects stream_options: 400 with the message real servers send; without them, a stream', async () => {
    const refused = await ask('rejects-options');
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({ error: { message: 'Unrecognized request argument supplied: stream_options', type: 'invalid_request_error', param: null, code: null } });
    expect((await ask('rejects-options', { stream: true })).status).toBe(200);
  });

  it('refusal: content null and the refusal text, streamed as delta.refusal', async () => {
    sim.update('plain', { script: ['refusal', 'refusal'] });
    const json = JSON.parse((await ask('plain', { stream: false })).text);
    expect(json.choices[0].message).toMatchObject({ content: null, refusal: "I'm sorry, but I can't help with that." });
    const pieces = chunksOf(await ask('plain')).flatMap((chunk) => chunk.choices.map((choice) => choice.delta.refusal)).filter((piece) => typeof piece === 'string');
    expect(pieces.join('')).toBe("I'm sorry, but I can't help with that.");
  });
});

