import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator, type SimProviderSpec, type SimScriptStep } from '../../src/sim/index.js';
import { sdkTypes } from './sdk-types.js';
import { parseSse, post, type RawAnswer } from './sim-wire.js';

// Conformance on the Anthropic Messages wire, which publishes no OpenAPI document: every message,
// stream event and error the simulator sends is checked against the response types
// @anthropic-ai/sdk declares (Message, RawMessageStreamEvent, ErrorResponse in its .d.ts), read with
// the TypeScript compiler: no field the SDK does not declare, every value of its declared type.

const types = sdkTypes('@anthropic-ai/sdk', ['resources/messages/messages.js', 'resources/shared.js']);

const SERVERS: Array<Omit<SimProviderSpec, 'protocol'>> = [{ name: 'plain' }, { name: 'comments', wire: { sseComments: true } }, { name: 'json-for-stream', wire: { jsonForStream: true } }];
// Not 413: the API documents `request_too_large` for it, a type the SDK's ErrorType does not list.
const STEPS: SimScriptStep[] = ['ok', 'refusal', 'stream_error', 'out_of_credit', 400, 401, 403, 404, 429, 500, 529];

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ providers: SERVERS.map((spec) => ({ ...spec, protocol: 'anthropic', outputTokens: 4 })) });
});
afterAll(() => sim.close());

const checked = new Map<string, number>();

function expectConforms(value: unknown, typeName: string, what: string): void {
  expect(types.problems(value, typeName), `${what}\n${JSON.stringify(value)}`).toEqual([]);
  const key = typeName === 'RawMessageStreamEvent' ? `event ${(value as { type: string }).type}` : typeName;
  checked.set(key, (checked.get(key) ?? 0) + 1);
}

function check(answer: RawAnswer, what: string): void {
  if (!answer.contentType.startsWith('text/event-stream')) {
    expectConforms(JSON.parse(answer.text), answer.status >= 400 ? 'ErrorResponse' : 'Message', what);
    return;
  }
  for (const { event, data } of parseSse(answer.text).events) {
    const parsed = JSON.parse(data) as { type: string };
    // The SSE event name is the payload's type, as the SDK's stream parser relies on.
    expect(event, what).toBe(parsed.type);
    // ping and error are handled by the SDK's stream reader itself, outside RawMessageStreamEvent.
    if (parsed.type === 'ping') expect(parsed).toEqual({ type: 'ping' });
    else if (parsed.type === 'error') expectConforms(parsed, 'ErrorResponse', `${what}: error event`);
    else expectConforms(parsed, 'RawMessageStreamEvent', `${what}: ${parsed.type}`);
  }
}

describe("the simulator on the Anthropic wire sends what @anthropic-ai/sdk's response types declare", () => {
  it.each(SERVERS.map((spec) => spec.name))('%s: every step, streamed and not, capped and not', async (name) => {
    const url = `${sim.providers[name].baseUrl}/v1/messages`;
    for (const step of STEPS) {
      for (const body of [{ stream: false, max_tokens: 64 }, { stream: true, max_tokens: 64 }, { stream: true, max_tokens: 2 }, { stream: false, max_tokens: 2 }]) {
        sim.update(name, { script: [step] });
        const answer = await post(url, { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'say hello' }], ...body }, { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' });
        check(answer, `${name} ${String(step)} ${JSON.stringify(body)}`);
      }
    }
  });

  it('checked every kind (the test is not vacuous)', () => {
    for (const kind of ['Message', 'ErrorResponse', 'event message_start', 'event content_block_start', 'event content_block_delta', 'event content_block_stop', 'event message_delta', 'event message_stop']) {
      expect(checked.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
  });

  it('the check refuses an undeclared field, a wrong literal and a missing required field', () => {
    expect(types.problems({ type: 'message_stop', extra: 1 }, 'RawMessageStreamEvent')).toEqual(['RawMessageStreamEvent.extra: not a field of RawMessageStopEvent']);
    expect(types.problems({ type: 'message_delta', delta: { stop_reason: 'finished', stop_sequence: null }, usage: { output_tokens: 1 } }, 'RawMessageStreamEvent').join()).toContain('stop_reason');
    expect(types.problems({ type: 'error', error: { type: 'overloaded_error' }, request_id: null }, 'ErrorResponse').join()).toContain('message: missing');
  });
});
