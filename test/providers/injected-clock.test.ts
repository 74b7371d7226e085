import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, setups } from './adapter-setups.js';
import { collectStream } from './stream-helpers.js';
import { startWireServer, type WireServer } from './wire-server.js';

let server: WireServer;
beforeAll(async () => {
  server = await startWireServer();
});
afterAll(() => server.close());

/** A clock that reads 0, 10, 20, ...: each reading is one step, so the readings taken are visible. */
function steppingClock(): () => number {
  let reading = -10;
  return () => (reading += 10);
}

describe.each(setups)('$type: timing from the injected clock', (setup) => {
  it('a stream reads the clock at the start, at the first text, and at the end', async () => {
    const adapter = await setup.create(server.baseUrl, {}, { now: steppingClock() });
    server.respond({ fixture: setup.streamFixture });
    const { deltas, result } = await collectStream(adapter.stream(request));
    expect(deltas.length).toBeGreaterThan(1); // later deltas must not move ttft
    expect(result.ttftMs).toBe(10);
    expect(result.latencyMs).toBe(20);
  });
});
