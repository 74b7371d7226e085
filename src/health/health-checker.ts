import type { ErrorClass } from '../spec/errors.js';
import { classifyCheck, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_DEGRADED_LATENCY_MS, type HealthStatus } from './status.js';

/** What a registered check may return beyond a plain boolean. */
export interface CheckReport {
  ok: boolean;
  /** The check's own measurement; otherwise the wall time of the call is used. */
  latencyMs?: number;
  errorClass?: ErrorClass | null;
  error?: string | null;
  /** What was called, e.g. "GET /v1/models". */
  check?: string;
}

/**
 * A check: resolve true (or a CheckReport with ok) when healthy; resolve false or throw when not.
 * It receives a signal that aborts at the check timeout; a check that ignores it is still cut off.
 */
export type HealthCheckFn = (context: { signal: AbortSignal }) => Promise<boolean | CheckReport | void> | boolean | CheckReport | void;

export interface RegisterOptions {
  /** This check's bound in ms, instead of the checker's. */
  timeoutMs?: number;
}

export interface HealthCheckResult {
  name: string;
  /** healthy, degraded or down (unconfigured is decided before a check is registered). */
  status: HealthStatus;
  latencyMs: number;
  error: string | null;
  errorClass: ErrorClass | null;
  check: string | null;
  /** When the check finished, ms since epoch. */
  checkedAtMs: number;
}

export interface HealthCheckerOptions {
  /** Per-check bound in ms; a check still running then is reported down. Default 5000. */
  timeoutMs?: number;
  /** Latency in ms above which a successful check is degraded. Default 2000. */
  degradedLatencyMs?: number;
  /** Wall clock, ms since epoch. Default Date.now. */
  now?: () => number;
  /** Monotonic clock for durations, ms. Default performance.now. */
  monotonicMs?: () => number;
}

export interface ScheduleOptions {
  /** Seconds between the end of one round and the start of the next. */
  intervalS: number;
  /** Called with every round's results. */
  onResults?: (results: HealthCheckResult[]) => void;
  /** Called when onResults throws; rounds continue. Default: ignore. */
  onError?: (error: unknown) => void;
  /** Run the first round at once rather than after one interval. Default true. */
  immediate?: boolean;
}

/**
 * The seed's HealthChecker: named checks run concurrently, each bounded by a timeout, so one hanging
 * provider never holds up the others. `register(name)(fn)` is the decorator form of the seed.
 */
export class HealthChecker {
  private readonly checks = new Map<string, { fn: HealthCheckFn; timeoutMs: number }>();
  private readonly latest = new Map<string, HealthCheckResult>();
  private readonly timeoutMs: number;
  private readonly degradedLatencyMs: number;
  private readonly now: () => number;
  private readonly monotonicMs: () => number;

  constructor(options: HealthCheckerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    this.degradedLatencyMs = options.degradedLatencyMs ?? DEFAULT_DEGRADED_LATENCY_MS;
    this.now = options.now ?? Date.now;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  register(name: string, fn: HealthCheckFn, options?: RegisterOptions): this;
  register(name: string): <F extends HealthCheckFn>(fn: F) => F;
  register(name: string, fn?: HealthCheckFn, options: RegisterOptions = {}): this | (<F extends HealthCheckFn>(fn: F) => F) {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    if (fn) {
      this.checks.set(name, { fn, timeoutMs });
      return this;
    }
    return <F extends HealthCheckFn>(decorated: F): F => {
      this.checks.set(name, { fn: decorated, timeoutMs });
      return decorated;
    };
  }

  unregister(name: string): boolean {
    this.latest.delete(name);
    return this.checks.delete(name);
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** The most recent result per check, from check() or a scheduled round. */
  lastResults(): HealthCheckResult[] {
    return [...this.latest.values()];
  }

  /** Runs the named checks (default: all) at once; resolves when every one has an answer or timed out. */
  async check(names?: readonly string[]): Promise<HealthCheckResult[]> {
    const selected = names ?? this.names();
    const results = await Promise.all(
      selected.map((name) => {
        const registered = this.checks.get(name);
        if (!registered) throw new Error(`no health check registered as ${JSON.stringify(name)}`);
        return this.runOne(name, registered.fn, registered.timeoutMs);
      }),
    );
    for (const result of results) this.latest.set(result.name, result);
    return results;
  }

  /**
   * Re-runs every check each `intervalS` until the returned function is called. Rounds never
   * overlap: the next one is timed from the end of the previous one.
   */
  scheduleChecks(options: ScheduleOptions | number): () => void {
    // A bare number is the seed's `schedule_checks(interval=60)`.
    if (typeof options === 'number') options = { intervalS: options };
    if (!(options.intervalS > 0)) throw new RangeError(`intervalS must be a positive number of seconds, got ${options.intervalS}`);
    const { intervalS, onResults, onError, immediate } = options;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async (): Promise<void> => {
      const results = await this.check();
      if (stopped) return;
      try {
        onResults?.(results);
      } catch (error) {
        onError?.(error);
      }
      if (!stopped) timer = setTimeout(() => void round(), intervalS * 1000);
    };
    if (immediate === false) timer = setTimeout(() => void round(), intervalS * 1000);
    else void round();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }

  private async runOne(name: string, fn: HealthCheckFn, timeoutMs: number): Promise<HealthCheckResult> {
    const controller = new AbortController();
    const startedMs = this.monotonicMs();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The race, not only the signal, enforces the bound: a check that ignores its signal is still cut off.
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`health check timed out after ${timeoutMs} ms`));
        resolve('timeout');
      }, timeoutMs);
    });
    let report: CheckReport;
    try {
      const outcome = await Promise.race([Promise.resolve().then(() => fn({ signal: controller.signal })), timedOut]);
      report = outcome === 'timeout' ? { ok: false, errorClass: 'timeout', error: `no answer within ${timeoutMs} ms` } : toReport(outcome);
    } catch (error) {
      report = { ok: false, errorClass: errorClassOf(error), error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
    const measuredMs = this.monotonicMs() - startedMs;
    const latencyMs = Math.max(0, Math.round(report.latencyMs ?? measuredMs));
    return {
      name,
      status: classifyCheck({ ok: report.ok, latencyMs, errorClass: report.errorClass }, this.degradedLatencyMs),
      latencyMs,
      error: report.ok ? null : (report.error ?? 'check failed'),
      errorClass: report.ok ? null : (report.errorClass ?? 'other'),
      check: report.check ?? null,
      checkedAtMs: this.now(),
    };
  }
}

function toReport(outcome: boolean | CheckReport | void): CheckReport {
  if (outcome === undefined || outcome === true) return { ok: true };
  if (outcome === false) return { ok: false, error: 'check returned false' };
  return outcome;
}

function errorClassOf(error: unknown): ErrorClass {
  const errorClass = (error as { errorClass?: unknown } | null)?.errorClass;
  return typeof errorClass === 'string' ? (errorClass as ErrorClass) : 'other';
}
