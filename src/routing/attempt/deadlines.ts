/** One attempt's abort signal: the caller's signal and the attempt's timeout, combined. */
export interface AttemptDeadline {
  signal: AbortSignal;
  /** Whether the timeout (not the caller) aborted it. */
  timedOut(): boolean;
  /** Call when the attempt ends. */
  release(): void;
}

/** Where attempts get their deadlines: a timer each (the default), or one sweep for many (bench). */
export interface DeadlineSource {
  begin(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptDeadline;
}

const noop = () => {};

/**
 * A timer per attempt (`AbortSignal.timeout`, whose `TimeoutError` reason the adapters read as a
 * timeout): right for a handful of attempts in flight.
 */
export const timerDeadlines: DeadlineSource = {
  begin(callerSignal, timeoutMs) {
    const timeout = AbortSignal.timeout(timeoutMs);
    return { signal: callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout, timedOut: () => timeout.aborted, release: noop };
  },
};

/**
 * Per-attempt abort with a deadline, for every request in flight, without a timer or an abort
 * listener per request: one sweep timer and one listener per caller signal. At hundreds of requests
 * a second the per-request setTimeout/clearTimeout and listener churn showed up in bench's TTFT at
 * high concurrency.
 */
export class SweptDeadlines implements DeadlineSource {
  private readonly inFlight = new Map<AbortController, { deadlineMs: number; timedOut: boolean; callerSignal: AbortSignal | undefined }>();
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

  begin(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptDeadline {
    const controller = new AbortController();
    const entry = { deadlineMs: this.now() + timeoutMs, timedOut: false, callerSignal };
    if (callerSignal) {
      if (callerSignal.aborted) controller.abort(callerSignal.reason);
      this.watch(callerSignal);
    }
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

  private watch(callerSignal: AbortSignal): void {
    if (this.watched.has(callerSignal)) return;
    this.watched.add(callerSignal);
    callerSignal.addEventListener('abort', () => {
      for (const [controller, entry] of this.inFlight) if (entry.callerSignal === callerSignal) controller.abort(callerSignal.reason);
    }, { once: true });
  }

  /** Aborts every attempt past its deadline; runs on the sweep timer (public for tests). */
  sweep(): void {
    const nowMs = this.now();
    for (const [controller, entry] of this.inFlight) {
      if (entry.deadlineMs > nowMs || controller.signal.aborted) continue;
      entry.timedOut = true;
      // The reason AbortSignal.timeout gives, so adapters classify it as a timeout too.
      controller.abort(new DOMException('timed out', 'TimeoutError'));
    }
  }
}
