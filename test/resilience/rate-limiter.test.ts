import { describe, expect, it } from 'vitest';
import { blockUntil, correctReservation, reserve, viewRate, type RateState } from '../../src/resilience/rate-limiter.js';

const T0 = 1_700_000_000_000;

describe('rate limiter', () => {
  it('admits requests_per_minute requests in a sliding 60 s window and says when the next slot frees', () => {
    let state: RateState | undefined;
    for (let i = 0; i < 3; i++) {
      const r = reserve(state, { requestsPerMinute: 3 }, 'openai', T0 + i * 10_000, `r${i}`, 10);
      expect(r.ok).toBe(true);
      state = r.state;
    }
    const refused = reserve(state, { requestsPerMinute: 3 }, 'openai', T0 + 25_000, 'r3', 10);
    expect(refused).toMatchObject({ ok: false, limit: 'requests_per_minute', waitMs: 35_000 });
    expect(refused.ok === false && refused.message).toBe('openai: requests_per_minute 3 reached; next slot in 35.0 s');
    expect(reserve(state, { requestsPerMinute: 3 }, 'openai', T0 + 59_999, 'r3', 10).ok).toBe(false);
    expect(reserve(state, { requestsPerMinute: 3 }, 'openai', T0 + 60_000, 'r3', 10).ok).toBe(true);
  });

  it('never admits more than the limit in any 60 s window under a steady stream of attempts', () => {
    let state: RateState | undefined;
    const admitted: number[] = [];
    for (let t = 0; t < 180_000; t += 250) {
      const r = reserve(state, { requestsPerMinute: 60 }, 'p', T0 + t, `r${t}`, 1);
      state = r.state;
      if (r.ok) admitted.push(t);
    }
    for (const start of admitted) expect(admitted.filter((t) => t >= start && t < start + 60_000).length).toBeLessThanOrEqual(60);
    expect(admitted.length).toBe(180);
  });

  it('reserves estimated tokens and corrects them with real usage', () => {
    const limits = { tokensPerMinute: 1000 };
    const first = reserve(undefined, limits, 'p', T0, 'a', 800);
    expect(first.ok).toBe(true);
    const refused = reserve(first.state, limits, 'p', T0 + 1000, 'b', 300);
    expect(refused).toMatchObject({ ok: false, limit: 'tokens_per_minute', waitMs: 59_000 });
    // The call used only 150 tokens: the correction frees room for the next.
    const corrected = correctReservation(first.state, 'a', 150);
    expect(reserve(corrected, limits, 'p', T0 + 1000, 'b', 300).ok).toBe(true);
    expect(viewRate(corrected, limits, T0 + 1000)).toMatchObject({ tokensUsed: 150, tokensRemaining: 850 });
  });

  it('anchors a settled reservation at the end of its attempt, so the slot frees 60 s after the server saw it', () => {
    const limits = { requestsPerMinute: 2 };
    const a = reserve(undefined, limits, 'p', T0, 'a', 1);
    const b = reserve(a.ok ? a.state : undefined, limits, 'p', T0 + 10, 'b', 1);
    if (!b.ok) throw new Error('b refused');
    // a took 500 ms; b settled quickly. The window stays oldest first: b, then a.
    const settled = correctReservation(correctReservation(b.state, 'a', 1, T0 + 500), 'b', 1, T0 + 20);
    expect(settled.entries.map((entry) => [entry.id, entry.atMs])).toEqual([['b', T0 + 20], ['a', T0 + 500]]);
    expect(reserve(settled, limits, 'p', T0 + 60_010, 'c', 1)).toMatchObject({ ok: false, waitMs: 10 });
    expect(reserve(settled, limits, 'p', T0 + 60_020, 'c', 1).ok).toBe(true);
    // Without a settlement time only the tokens change.
    expect(correctReservation(b.state, 'a', 7).entries[0]).toEqual({ id: 'a', atMs: T0, tokens: 7 });
  });

  it('admits an oversized request into an empty window rather than waiting forever', () => {
    expect(reserve(undefined, { tokensPerMinute: 100 }, 'p', T0, 'big', 500).ok).toBe(true);
  });

  it('a 429 retry-after blocks every caller until then', () => {
    const blocked = blockUntil(undefined, T0 + 12_300);
    expect(reserve(blocked, {}, 'openai', T0, 'x', 1)).toMatchObject({ ok: false, limit: 'retry_after', waitMs: 12_300 });
    expect(reserve(blocked, {}, 'openai', T0 + 12_300, 'x', 1).ok).toBe(true);
    expect(viewRate(blocked, {}, T0).blockedForMs).toBe(12_300);
  });
});
