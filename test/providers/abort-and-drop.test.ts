import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request, setups } from './adapter-setups.js';
import { providerErrorOf, streamFailure } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

// A fresh server per test: an aborted request from one test may still reach the server later and
// must not be taken for the next test's request.
let server: WireServer;
beforeEach(async () => {
  server = await startWireServer();
});
afterEach(() => server.close());

/** A reason shaped like the one AbortSignal.timeout() uses, without waiting for a real timer. */
function timeoutReason(): DOMException {
  return new DOMException('The operation timed out.', 'TimeoutError');
}

describe.each(setups)('$type: abort, timeout and dropped streams', (setup) => {
  it('Ctrl-C (a plain abort) while waiting for the answer is "aborted" and closes the connection', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ hang: true });
    const controller = new AbortController();
    const call = providerErrorOf(adapter.chat(request, { signal: controller.signal }));
    const seen = await server.requestArrived();
    controller.abort();
    const error = await call;
    expect(error.errorClass).toBe('aborted');
    expect(error.disposition).toBe('fatal');
    await seen.closed; // the abort reached the socket, or this never resolves
  });

  it('an abort whose reason is a TimeoutError is "timeout" (retryable)', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ hang: true });
    const controller = new AbortController();
    const call = providerErrorOf(adapter.chat(request, { signal: controller.signal }));
    const seen = await server.requestArrived();
    controller.abort(timeoutReason());
    const error = await call;
    expect(error.errorClass).toBe('timeout');
    expect(error.retryable).toBe(true);
    await seen.closed;
  });

  it('AbortSignal.timeout itself is recognised as a timeout', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ hang: true });
    const error = await providerErrorOf(adapter.chat(request, { signal: AbortSignal.timeout(30) }));
    expect(error.errorClass).toBe('timeout');
  });

  it('ping honours the signal too, and the abort reaches the socket', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ hang: true });
    const controller = new AbortController();
    const call = providerErrorOf(adapter.ping({ signal: controller.signal }));
    const seen = await server.requestArrived();
    expect(seen.method).toBe('GET');
    controller.abort(timeoutReason());
    expect((await call).errorClass).toBe('timeout');
    await seen.closed;
  });

  it('an already-aborted signal fails without a usable answer', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ fixture: setup.streamFixture });
    const error = await providerErrorOf(adapter.chat(request, { signal: AbortSignal.abort() }));
    expect(error.errorClass).toBe('aborted');
  });

  it('an abort mid-stream keeps the text already yielded and closes the connection', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ fixture: setup.streamFixture, hangAfterBytes: setup.bytesThroughFirstText() });
    const controller = new AbortController();
    const deltas: string[] = [];
    const error = await providerErrorOf(async () => {
      for await (const event of adapter.stream(request, { signal: controller.signal })) {
        if (event.type === 'delta') {
          deltas.push(event.text);
          controller.abort();
        }
      }
    });
    expect(deltas).toHaveLength(1);
    expect(error.errorClass).toBe('aborted');
    expect(deltas[0].length).toBeGreaterThan(0);
    await server.requests[0].closed;
  });

  it('a consumer that stops reading (break) closes the connection without an error', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ fixture: setup.streamFixture, hangAfterBytes: setup.bytesThroughFirstText() });
    const deltas: string[] = [];
    for await (const event of adapter.stream(request)) {
      if (event.type !== 'delta') continue;
      deltas.push(event.text);
      break;
    }
    expect(deltas).toHaveLength(1);
    await server.requests[0].closed;
  });

  it('a timeout mid-stream is "timeout", after the text already yielded', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ fixture: setup.streamFixture, hangAfterBytes: setup.bytesThroughFirstText() });
    const controller = new AbortController();
    const { deltas, error } = await streamFailure(
      (async function* () {
        for await (const event of adapter.stream(request, { signal: controller.signal })) {
          yield event;
          if (event.type === 'delta') controller.abort(timeoutReason());
        }
      })(),
    );
    expect(deltas).toHaveLength(1);
    expect(error.errorClass).toBe('timeout');
    expect(deltas[0].length).toBeGreaterThan(0);
  });

  it('a connection dropped mid-stream is "network", after the text already yielded', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ fixture: setup.streamFixture, dropAfterBytes: setup.bytesThroughFirstText() });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas).toHaveLength(1);
    expect(error.errorClass).toBe('network');
    expect(deltas[0].length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
  });

  it('a connection dropped before any text is "network", with no text yielded', async () => {
    const adapter = await setup.create(server.baseUrl);
    server.respond({ fixture: setup.streamFixture, dropAfterBytes: 0 });
    const { deltas, error } = await streamFailure(adapter.stream(request));
    expect(deltas).toEqual([]);
    expect(error.errorClass).toBe('network');
  });
});

describe.each(setups.filter((setup) => setup.type !== 'ollama'))('$type: the SDK client timeout', (setup) => {
  it('maps the client timeout (provider timeoutMs) to "timeout", without an SDK retry', async () => {
    const adapter = await setup.create(server.baseUrl, { timeoutMs: 50 });
    server.respond({ hang: true });
    const error = await providerErrorOf(adapter.chat(request));
    expect(error.errorClass).toBe('timeout');
    // Under load the 50 ms may expire before the request is even on the wire; never more than one.
    expect(server.requests.length).toBeLessThanOrEqual(1);
    for (const seen of server.requests) expect(seen.headers['x-stainless-retry-count']).toBe('0');
  });
});
