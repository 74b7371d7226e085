/** A clock that only moves when told to, or when everything waiting on it sleeps: the one fake clock of the test suite. */
export interface FakeClock {
  /** ms; wall time for the router and health, monotonic time for bench (it only moves forward). */
  now(): number;
  /**
   * Waits `ms` (plus the lag) of fake time, never real time: once every sleeper has gone to sleep
   * (the microtask queue is empty), the clock jumps to the earliest wake-up and wakes those due,
   * so concurrent sleepers overlap as on a real clock and sequential ones add up. Records `ms`.
   * Resolves early, taking no time, when `signal` aborts (BenchClock's contract; the Router checks
   * its signal after every sleep either way).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves time forward at once, as a fake adapter "takes" its latency. */
  advance(ms: number): void;
  /** Every sleep asked for, in ms, in order. */
  readonly sleeps: number[];
}

export interface FakeClockOptions {
  /** Where time starts, ms. Default 1_700_000_000_000 (November 2023), a plausible wall-clock instant. */
  startMs?: number;
  /** Every sleep oversleeps by this much, as a busy event loop would. Default 0. */
  lagMs?: number;
}

interface Sleeper {
  wakeMs: number;
  wake: () => void;
}

/**
 * Satisfies the Router's `now`/`sleep` options and bench's BenchClock; the methods are bound, so
 * `now: clock.now` can be handed over on its own.
 */
export function fakeClock({ startMs = 1_700_000_000_000, lagMs = 0 }: FakeClockOptions = {}): FakeClock {
  let nowMs = startMs;
  const sleeps: number[] = [];
  // In order of going to sleep, so sleepers due at the same instant wake in that order.
  const sleepers: Sleeper[] = [];
  let pumping = false;

  // setImmediate runs after the microtask queue drains: by then every sleeper that could go to sleep has.
  const pump = () => {
    pumping = false;
    if (sleepers.length === 0) return;
    nowMs = Math.max(nowMs, Math.min(...sleepers.map((sleeper) => sleeper.wakeMs)));
    const due = sleepers.filter((sleeper) => sleeper.wakeMs <= nowMs);
    for (const sleeper of due) sleepers.splice(sleepers.indexOf(sleeper), 1);
    for (const sleeper of due) sleeper.wake();
    schedulePump();
  };
  const schedulePump = () => {
    if (pumping || sleepers.length === 0) return;
    pumping = true;
    setImmediate(pump);
  };

  return {
    sleeps,
    now: () => nowMs,
    advance: (ms) => {
      nowMs += ms;
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        sleeps.push(ms);
        const sleeper: Sleeper = {
          wakeMs: nowMs + Math.max(0, ms) + lagMs,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index !== -1) sleepers.splice(index, 1);
          resolve();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
        schedulePump();
      }),
  };
}
