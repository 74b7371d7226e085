import type { BenchClock } from './clock.js';

export interface ClosedLoopOptions {
  clock: BenchClock;
  /** Requests in flight at once. */
  concurrency: number;
  /** Stop after this many requests. Default: unlimited (then a deadline is needed). */
  maxRequests?: number;
  /** Start nothing at or after this clock time (ms). */
  deadlineMs?: number;
  signal?: AbortSignal;
  /** Checked before each request (budget). */
  shouldContinue?: () => boolean;
  /** One request, awaited: the worker sends the next only when this one ends. */
  run(index: number): Promise<void>;
}

/** C workers, each sending its next request as soon as its previous one ends. Returns how many were started. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<number> {
  const maxRequests = options.maxRequests ?? Infinity;
  let next = 0;
  const claim = (): number | null => {
    if (next >= maxRequests || options.signal?.aborted) return null;
    if (options.deadlineMs !== undefined && options.clock.now() >= options.deadlineMs) return null;
    if (options.shouldContinue && !options.shouldContinue()) return null;
    return next++;
  };
  const worker = async () => {
    for (let index = claim(); index !== null; index = claim()) await options.run(index);
  };
  const workers = Math.max(1, Math.min(options.concurrency, maxRequests));
  await Promise.all(Array.from({ length: workers }, worker));
  return next;
}
