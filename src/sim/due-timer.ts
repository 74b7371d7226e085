/**
 * Runs a callback at an absolute time on the performance.now() clock.
 * Node timers have 1 ms granularity and may fire a little early (they measure from the start of the
 * current loop iteration), so an early wake-up within the last millisecond spins on setImmediate,
 * which still lets I/O through, instead of sleeping another whole millisecond.
 */
export class DueTimer {
  /** `now` reads the clock the due times are on, in ms. Default: performance.now(). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private cancelled = false;

  at(dueMs: number, callback: () => void): void {
    if (this.cancelled) return;
    const waitMs = dueMs - this.now();
    if (waitMs <= 0) {
      callback();
    } else if (waitMs < 1) {
      this.immediate = setImmediate(() => this.at(dueMs, callback));
    } else {
      this.timeout = setTimeout(() => this.at(dueMs, callback), waitMs);
    }
  }

  cancel(): void {
    this.cancelled = true;
    if (this.timeout) clearTimeout(this.timeout);
    if (this.immediate) clearImmediate(this.immediate);
  }
}
