/** Knobs for tests and embedders; production code passes nothing. */
export interface AdapterOptions {
  /** Monotonic clock in ms used for `ttftMs` and `latencyMs`. Default: `performance.now`. */
  now?: () => number;
  /** Wall clock in ms since epoch, used to turn an HTTP-date `retry-after` into a delay. Default: `Date.now`. */
  wallClockMs?: () => number;
}

export interface ResolvedAdapterOptions {
  now: () => number;
  wallClockMs: () => number;
}

export function resolveAdapterOptions(options: AdapterOptions = {}): ResolvedAdapterOptions {
  return {
    now: options.now ?? (() => performance.now()),
    wallClockMs: options.wallClockMs ?? (() => Date.now()),
  };
}
