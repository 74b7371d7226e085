export interface Stopwatch {
  elapsedMs(): number;
}

/** Starts timing now; every reading is measured from this instant. */
export function startStopwatch(now: () => number): Stopwatch {
  const startedAt = now();
  return { elapsedMs: () => Math.max(0, now() - startedAt) };
}
