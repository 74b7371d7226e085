import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenDueTimesMs } from '../../src/sim/index.js';
import { writeTimedStream } from '../../src/sim/response-writer.js';
import { startSimulator } from '../../src/sim/index.js';

describe('token schedule', () => {
  it('puts token i at start + ttft + i * msPerToken', () => {
    expect(tokenDueTimesMs(1000, 50, 10, 4)).toEqual([1050, 1060, 1070, 1080]);
    expect(tokenDueTimesMs(0, 0, 0, 3)).toEqual([0, 0, 0]);
    expect(tokenDueTimesMs(5, 1, 2, 0)).toEqual([]);
  });
});

/** A ServerResponse stand-in that records what was written at which (fake) time. */
class RecordingResponse extends EventEmitter {
  destroyed = false;
  readonly writes: Array<{ atMs: number; text: string }> = [];
  ended = false;
  headersFlushed = false;
  constructor(private readonly now: () => number) {
    super();
  }
  writeHead(): this {
    return this;
  }
  flushHeaders(): void {
    this.headersFlushed = true;
  }
  write(text: string): boolean {
    this.writes.push({ atMs: this.now(), text });
    return true;
  }
  end(text: string): this {
    this.writes.push({ atMs: this.now(), text });
    this.ended = true;
    return this;
  }
}

describe('writeTimedStream on a fake clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const frames = { contentType: 'text/plain', head: 'H', frames: ['a', 'b', 'c', 'd', 'e'], tail: 'T' };

  it('writes each token at its due time; a late wake-up does not push later tokens back', async () => {
    vi.useFakeTimers();
    let clockMs = 0;
    const now = (): number => clockMs;
    const res = new RecordingResponse(now);
    const due = tokenDueTimesMs(0, 50, 10, 5);
    writeTimedStream(res as unknown as ServerResponse, frames, due, {}, { firstDueMs: due[0], now });
    expect(res.headersFlushed).toBe(true);
    expect(res.writes).toEqual([]);

    // The event loop was busy: the first wake-up comes 17 ms late, past the second token's due time.
    clockMs = 67;
    await vi.advanceTimersByTimeAsync(67);
    expect(res.writes).toEqual([{ atMs: 67, text: 'Hab' }]);
    // The third token is still due at 50 + 2 * 10 = 70, not 67 + 10.
    clockMs = 70;
    await vi.advanceTimersByTimeAsync(3);
    expect(res.writes[1]).toEqual({ atMs: 70, text: 'c' });
    clockMs = 80;
    await vi.advanceTimersByTimeAsync(10);
    clockMs = 90;
    await vi.advanceTimersByTimeAsync(10);
    expect(res.writes.slice(2)).toEqual([
      { atMs: 80, text: 'd' },
      { atMs: 90, text: 'eT' },
    ]);
    expect(res.ended).toBe(true);
  });

  it('at zero latency the whole stream is one write, with headers in the same packet', () => {
    const res = new RecordingResponse(() => 0);
    writeTimedStream(res as unknown as ServerResponse, frames, [0, 0, 0, 0, 0], {}, { firstDueMs: 0, now: () => 0 });
    expect(res.writes).toEqual([{ atMs: 0, text: 'HabcdeT' }]);
    expect(res.headersFlushed).toBe(false);
  });

  it('stops writing when the client goes away', async () => {
    vi.useFakeTimers();
    let clockMs = 0;
    const now = (): number => clockMs;
    const res = new RecordingResponse(now);
    writeTimedStream(res as unknown as ServerResponse, frames, tokenDueTimesMs(0, 5, 5, 5), {}, { firstDueMs: 5, now });
    clockMs = 5;
    await vi.advanceTimersByTimeAsync(5);
    res.destroyed = true;
    res.emit('close');
    clockMs = 100;
    await vi.advanceTimersByTimeAsync(100);
    expect(res.writes).toEqual([{ atMs: 5, text: 'Ha' }]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('real time, loose bounds (never early)', () => {
  it('streams tokens no earlier than their due times', async () => {
    const sim = await startSimulator({ providers: [{ name: 'p', protocol: 'openai', ttftMs: 30, msPerToken: 5, outputTokens: 20 }] });
    try {
      const request = (): Promise<Response> =>
        fetch(`${sim.providers.p.baseUrl}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }),
        });
      // The first fetch of a process loads undici and opens the connection; keep that out of the measurement.
      await (await request()).text();
      const startMs = performance.now();
      const response = await request();
      const arrivals: number[] = [];
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        const contentEvents = text.split('\n\n').filter((event) => event.includes('"content":"') && !event.includes('"role"'));
        for (let i = 0; i < contentEvents.length; i++) arrivals.push(performance.now() - startMs);
      }
      expect(arrivals).toHaveLength(20);
      // The server measures from when it saw the request, a little after startMs, so these are lower bounds.
      arrivals.forEach((arrivalMs, i) => expect(arrivalMs).toBeGreaterThanOrEqual(30 + i * 5));
      // Only a sanity bound: a loaded machine delays wake-ups arbitrarily. The no-drift property is
      // checked exactly on the fake clock above.
      expect(arrivals[19] - arrivals[0]).toBeLessThan(1000);
    } finally {
      await sim.close();
    }
  });
});
