import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthChecker } from '../../src/health/health-checker.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('HealthChecker', () => {
  it('registers directly and in decorator form, and reports each check by name', async () => {
    const checker = new HealthChecker();
    checker.register('plain', async () => true);
    const decorated = checker.register('decorated')(async () => ({ ok: true, latencyMs: 12, check: 'GET /v1/models' }));
    expect(typeof decorated).toBe('function');
    const results = await checker.check();
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ['plain', 'healthy'],
      ['decorated', 'healthy'],
    ]);
    expect(results[1]).toMatchObject({ latencyMs: 12, check: 'GET /v1/models', error: null });
  });

  it('cuts off a check that hangs and ignores its signal, without holding up the others', async () => {
    vi.useFakeTimers();
    const checker = new HealthChecker({ timeoutMs: 5000 });
    let signalSeen: AbortSignal | undefined;
    checker.register('hangs', ({ signal }) => {
      signalSeen = signal;
      return new Promise<boolean>(() => {});
    });
    checker.register('fine', async () => true);
    const pending = checker.check();
    await vi.advanceTimersByTimeAsync(4999);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const results = await pending;
    expect(results.find((result) => result.name === 'hangs')).toMatchObject({ status: 'down', errorClass: 'timeout', error: 'no answer within 5000 ms' });
    expect(results.find((result) => result.name === 'fine')?.status).toBe('healthy');
    expect(signalSeen?.aborted).toBe(true);
  });

  it('a per-check timeout overrides the checker default', async () => {
    vi.useFakeTimers();
    const checker = new HealthChecker({ timeoutMs: 5000 });
    checker.register('short', () => new Promise<boolean>(() => {}), { timeoutMs: 300 });
    const pending = checker.check();
    await vi.advanceTimersByTimeAsync(300);
    expect((await pending)[0]).toMatchObject({ status: 'down', error: 'no answer within 300 ms' });
  });

  it('classifies: false and throws are down, 429/529 pushback and slow answers are degraded', async () => {
    const checker = new HealthChecker({ degradedLatencyMs: 2000 });
    checker.register('false', () => false);
    checker.register('throws', () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { errorClass: 'network' });
    });
    checker.register('rate-limited', async () => {
      throw Object.assign(new Error('429 Too Many Requests'), { errorClass: 'rate_limit' });
    });
    checker.register('slow', async () => ({ ok: true, latencyMs: 2001 }));
    checker.register('at-threshold', async () => ({ ok: true, latencyMs: 2000 }));
    const byName = Object.fromEntries((await checker.check()).map((result) => [result.name, result]));
    expect(byName.false).toMatchObject({ status: 'down', error: 'check returned false' });
    expect(byName.throws).toMatchObject({ status: 'down', errorClass: 'network', error: 'connect ECONNREFUSED' });
    expect(byName['rate-limited']).toMatchObject({ status: 'degraded', errorClass: 'rate_limit' });
    expect(byName.slow.status).toBe('degraded');
    expect(byName['at-threshold'].status).toBe('healthy');
  });

  it('checks only the named subset and keeps the latest result per check', async () => {
    const checker = new HealthChecker();
    let calls = 0;
    checker.register('a', () => {
      calls += 1;
      return true;
    });
    checker.register('b', () => false);
    expect((await checker.check(['b'])).map((result) => result.name)).toEqual(['b']);
    expect(calls).toBe(0);
    await expect(checker.check(['nope'])).rejects.toThrow(/no health check registered as "nope"/);
    expect(checker.lastResults().map((result) => result.status)).toEqual(['down']);
  });

  it('scheduleChecks re-runs on the interval, never overlapping, until stopped', async () => {
    vi.useFakeTimers();
    const checker = new HealthChecker({ timeoutMs: 60_000 });
    let running = 0;
    let maxRunning = 0;
    checker.register('slowish', async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      running -= 1;
      return true;
    });
    const rounds: number[] = [];
    const stop = checker.scheduleChecks({ intervalS: 10, onResults: () => rounds.push(Date.now()) });
    await vi.advanceTimersByTimeAsync(3000); // first round runs at once and takes 3 s
    expect(rounds).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000 + 3000); // next round starts 10 s after the previous ended
    expect(rounds).toHaveLength(2);
    expect(rounds[1] - rounds[0]).toBe(13_000);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rounds).toHaveLength(2);
    expect(maxRunning).toBe(1);
  });

  it("scheduleChecks takes the seed's bare interval too, and refuses one that is not positive", async () => {
    vi.useFakeTimers();
    const checker = new HealthChecker();
    let calls = 0;
    checker.register('counted', () => {
      calls += 1;
      return true;
    });
    const stop = checker.scheduleChecks(60);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
    stop();
    expect(() => checker.scheduleChecks({ intervalS: 0 })).toThrow(/positive/);
    expect(() => checker.scheduleChecks(-1)).toThrow(/positive/);
  });
});
