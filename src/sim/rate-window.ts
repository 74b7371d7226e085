/** What a sliding-window check tells the caller: admitted or not, and the numbers rate-limit headers carry. */
export interface RateSnapshot {
  admitted: boolean;
  limit: number;
  remaining: number;
  /** Until the oldest request in the window leaves it (when one more request fits again), in ms. */
  nextSlotMs: number;
  /** Until the window is empty again (the budget fully restored), in ms. */
  fullResetMs: number;
}

const WINDOW_MS = 60_000;

/** Requests per sliding 60 s window. Only admitted requests occupy the window, as on the real services. */
export class RateWindow {
  private readonly admittedAtMs: number[] = [];

  admit(limit: number, nowMs: number): RateSnapshot {
    while (this.admittedAtMs.length > 0 && this.admittedAtMs[0] <= nowMs - WINDOW_MS) this.admittedAtMs.shift();
    const admitted = this.admittedAtMs.length < limit;
    if (admitted) this.admittedAtMs.push(nowMs);
    const oldest = this.admittedAtMs[0];
    const newest = this.admittedAtMs[this.admittedAtMs.length - 1];
    return {
      admitted,
      limit,
      remaining: Math.max(0, limit - this.admittedAtMs.length),
      nextSlotMs: oldest === undefined ? 0 : Math.max(0, oldest + WINDOW_MS - nowMs),
      fullResetMs: newest === undefined ? 0 : Math.max(0, newest + WINDOW_MS - nowMs),
    };
  }
}

/** Go's time.Duration.String() for a whole number of ms, as OpenAI's x-ratelimit-reset-* headers use (`120ms`, `1.5s`, `6m0s`). */
export function goDuration(ms: number): string {
  const wholeMs = Math.max(0, Math.round(ms));
  if (wholeMs === 0) return '0s';
  if (wholeMs < 1000) return `${wholeMs}ms`;
  const hours = Math.floor(wholeMs / 3_600_000);
  const minutes = Math.floor((wholeMs % 3_600_000) / 60_000);
  const secondsMs = wholeMs % 60_000;
  const seconds = `${(secondsMs / 1000).toFixed(3).replace(/\.?0+$/, '')}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
