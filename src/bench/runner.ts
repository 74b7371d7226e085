import { setMaxListeners } from 'node:events';
import { seededRandom } from '../shared/prng.js';
import type { BudgetGuard } from './budget-guard.js';
import { startEventLoopMonitor, type EventLoopDelay } from './client-check.js';
import { systemClock, type BenchClock } from './clock.js';
import { runClosedLoop } from './closed-loop.js';
import type { ExecuteRequest } from './executor.js';
import { poissonOffsetsMs, runOpenLoop } from './open-loop.js';
import type { BenchPrompt, BenchTarget, RequestSample } from './types.js';

export interface RunBenchOptions {
  runId: string;
  targets: BenchTarget[];
  prompts: BenchPrompt[];
  execute: ExecuteRequest;
  /** Default true. */
  stream?: boolean;
  maxTokens?: number;
  /** Measured requests per target; Infinity to run until `durationMs`. Default 20. */
  requests?: number;
  /** Closed loop: requests in flight per target. Default 4. Ignored when `ratePerS` is set. */
  concurrency?: number;
  /** Open loop: Poisson arrivals per target, requests per second. */
  ratePerS?: number;
  /** Stop starting requests this long (ms) after the measurement begins. Default: no limit. */
  durationMs?: number;
  /** Warm-up requests per target, sent before measuring at up to `concurrency` at once. Default 1. */
  warmup?: number;
  /** Seeds the open-loop arrival schedule. Default 1. */
  seed?: number;
  budget?: BudgetGuard;
  /** Ctrl-C: stop starting requests, abort the in-flight ones and report what finished. */
  signal?: AbortSignal;
  clock?: BenchClock;
  /** Called as each request finishes (warm-up included), for progress views. */
  onSample?: (sample: RequestSample) => void;
  /** Called once when the measured phase begins. */
  onMeasureStart?: () => void;
}

/** Per target, what the open-loop dispatcher did: for the achieved-rate check. */
export interface DispatchRecord {
  targetId: string;
  dispatched: number;
  lastSchedMs: number | null;
  lastSendMs: number | null;
}

export interface BenchRun {
  runId: string;
  samples: RequestSample[];
  /** Clock ms when the measured phase began (after warm-up) and ended. */
  measureStartMs: number;
  measureEndMs: number;
  stoppedBy: 'interrupted' | 'budget' | null;
  /** In-flight requests abandoned at Ctrl-C: neither successes nor failures. */
  abandoned: number;
  eventLoop: EventLoopDelay;
  /** CPU time (user + system) this process spent during the measured phase, ms. */
  cpuMs: number;
  dispatch: DispatchRecord[];
}

/**
 * Runs warm-up, then the measured phase with every target at once (so drift in the network or the
 * machine hits them alike), and returns the raw samples; report.ts turns them into statistics.
 */
export async function runBench(options: RunBenchOptions): Promise<BenchRun> {
  const clock = options.clock ?? systemClock;
  const stream = options.stream ?? true;
  const requests = options.requests ?? 20;
  const concurrency = options.concurrency ?? 4;
  const warmup = options.warmup ?? 1;
  const seed = options.seed ?? 1;
  const runSignal = options.signal ?? new AbortController().signal;
  // Every request in flight listens for Ctrl-C on this one signal: hundreds at high concurrency.
  setMaxListeners(0, runSignal);
  const samples: RequestSample[] = [];
  let stoppedBy: BenchRun['stoppedBy'] = null;
  let abandoned = 0;

  const stopped = () => {
    if (runSignal.aborted && stoppedBy === null) stoppedBy = 'interrupted';
    return stoppedBy !== null;
  };

  const send = async (targetIndex: number, index: number, isWarmup: boolean, schedMs: number | null): Promise<void> => {
    const target = options.targets[targetIndex];
    let reservedUsd = 0;
    if (options.budget) {
      const reservation = options.budget.tryReserve(target.id);
      if (reservation === false) {
        stoppedBy ??= 'budget';
        return;
      }
      reservedUsd = reservation;
    }
    const outcome = await options.execute({
      target,
      prompt: options.prompts[index % options.prompts.length],
      index,
      warmup: isWarmup,
      stream,
      maxTokens: options.maxTokens,
      signal: runSignal,
      requestId: `${options.runId}-${targetIndex}-${isWarmup ? 'w' : ''}${index}`,
    });
    if ('aborted' in outcome) {
      options.budget?.settle(target.id, reservedUsd, null);
      abandoned++;
      return;
    }
    options.budget?.settle(target.id, reservedUsd, outcome.costUsd);
    const sample: RequestSample = { ...outcome, targetId: target.id, index, warmup: isWarmup, schedMs };
    samples.push(sample);
    options.onSample?.(sample);
  };

  // Warm-up at the measurement's concurrency (up to the warm-up count), so --warmup C opens the C
  // keep-alive connections the measured requests will reuse; targets side by side.
  await Promise.all(
    options.targets.map((_target, targetIndex) =>
      runClosedLoop({
        clock,
        concurrency: Math.min(concurrency, Math.max(1, warmup)),
        maxRequests: warmup,
        signal: runSignal,
        shouldContinue: () => !stopped(),
        run: (index) => send(targetIndex, index, true, null),
      }),
    ),
  );

  const monitor = startEventLoopMonitor();
  const cpuStart = process.cpuUsage();
  const measureStartMs = clock.now();
  options.onMeasureStart?.();
  const dispatch: DispatchRecord[] = options.targets.map((target) => ({ targetId: target.id, dispatched: 0, lastSchedMs: null, lastSendMs: null }));
  if (!stopped()) {
    await Promise.all(
      options.targets.map(async (_target, targetIndex) => {
        if (options.ratePerS !== undefined) {
          const inFlight = new Set<Promise<void>>();
          const random = seededRandom((seed ^ Math.imul(targetIndex + 1, 0x9e3779b1)) >>> 0);
          await runOpenLoop({
            clock,
            startMs: measureStartMs,
            offsetsMs: poissonOffsetsMs(random, options.ratePerS),
            maxRequests: requests,
            durationMs: options.durationMs,
            signal: runSignal,
            shouldContinue: () => !stopped(),
            dispatch: (index, schedMs) => {
              const record = dispatch[targetIndex];
              record.dispatched++;
              record.lastSchedMs = schedMs;
              record.lastSendMs = clock.now();
              const request = send(targetIndex, index, false, schedMs);
              inFlight.add(request);
              void request.finally(() => inFlight.delete(request));
            },
          });
          await Promise.all(inFlight);
        } else {
          await runClosedLoop({
            clock,
            concurrency,
            maxRequests: requests,
            deadlineMs: options.durationMs === undefined ? undefined : measureStartMs + options.durationMs,
            signal: runSignal,
            shouldContinue: () => !stopped(),
            run: (index) => send(targetIndex, index, false, null),
          });
        }
      }),
    );
  }
  const measureEndMs = clock.now();
  const eventLoop = monitor.stop();
  const cpu = process.cpuUsage(cpuStart);
  stopped();
  return { runId: options.runId, samples, measureStartMs, measureEndMs, stoppedBy, abandoned, eventLoop, cpuMs: (cpu.user + cpu.system) / 1000, dispatch };
}
