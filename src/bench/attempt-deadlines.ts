/**
 * Per-attempt abort with a deadline, for every request in flight, without a timer or an abort
 * listener per request: one sweep timer and one listener per run signal. At hundreds of requests a
 * second the per-request setTimeout/clearTimeout and listener churn showed up in TTFT at high concurrency.
 */
export class AttemptDeadlines {
  private readonly inFlight = new Map<AbortController, { deadlineMs: number; timedOut: boolean }>();
  private readonly watched = new WeakSet<AbortSignal>();
  private sweeper: ReturnType<typeof setInterval> | undefined;

  /**
   * @param now monotonic clock, ms
   * @param sweepMs how often deadlines are checked: a timeout fires up to this late. Default 100.
   */
  constructor(
    private readonly now: () => number,
    private readonly sweepMs = 100,
  ) {}

  /** A signal that aborts when `runSignal` does or `timeoutMs` passes; call `release()` when the attempt ends. */
  begin(runSignal: AbortSignal, timeoutMs: number): { signal: AbortSignal; timedOut(): boolean; release(): void } {
    const controller = new AbortController();
    const entry = { deadlineMs: this.now() + timeoutMs, timedOut: false };
    if (runSignal.aborted) controller.abort(runSignal.reason);
    this.watch(runSignal);
    this.inFlight.set(controller, entry);
    this.sweeper ??= setInterval(() => this.sweep(), this.sweepMs).unref();
    return {
      signal: controller.signal,
      timedOut: () => entry.timedOut,
      release: () => {
        this.inFlight.delete(controller);
        if (this.inFlight.size === 0 && this.sweeper) {
          clearInterval(this.sweeper);
          this.sweeper = undefined;
        }
      },
    };
  }

  private watch(runSignal: AbortSignal): void {
    if (this.watched.has(runSignal)) return;
    this.watched.add(runSignal);
    runSignal.addEventListener('abort', () => {
      for (const controller of this.inFlight.keys()) controller.abort(runSignal.reason);
    }, { once: true });
  }

  /** Aborts every attempt past its deadline; runs on the sweep timer (public for tests). */
  sweep(): void {
    const nowMs = this.now();
    for (const [controller, entry] of this.inFlight) {
      if (entry.deadlineMs > nowMs || controller.signal.aborted) continue;
      entry.timedOut = true;
      controller.abort(new Error('timed out'));
    }
  }
}
