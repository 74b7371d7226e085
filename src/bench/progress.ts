import { percentile } from './stats.js';
import type { BenchTarget, RequestSample } from './types.js';
import { formatMs, formatSeconds } from '../shared/format-duration.js';

export interface TargetProgress {
  id: string;
  /** Measured requests to send; null when the run is bounded by --duration only. */
  total: number | null;
  ok: number;
  failed: number;
  warmupDone: number;
  /** Running medians of the measured requests so far. */
  p50E2eMs: number | null;
  p50TtftMs: number | null;
}

export interface BenchProgress {
  phase: 'warmup' | 'measure' | 'done';
  elapsedMs: number;
  /** --duration in ms, when set. */
  durationMs: number | null;
  targets: TargetProgress[];
}

/**
 * Counts finished requests as they arrive (cheap: two pushes) and computes running medians only when
 * a view asks for a snapshot, a few times a second, so the hot path stays lean.
 */
export class ProgressTracker {
  private phase: BenchProgress['phase'] = 'warmup';
  private measureStartMs: number | null = null;
  private readonly state = new Map<string, { ok: number; failed: number; warmupDone: number; e2eMs: number[]; ttftMs: number[] }>();

  constructor(
    private readonly targets: readonly BenchTarget[],
    private readonly totalPerTarget: number | null,
    private readonly durationMs: number | null,
    private readonly now: () => number,
  ) {
    for (const target of targets) this.state.set(target.id, { ok: 0, failed: 0, warmupDone: 0, e2eMs: [], ttftMs: [] });
  }

  startMeasuring(): void {
    this.phase = 'measure';
    this.measureStartMs = this.now();
  }

  finish(): void {
    this.phase = 'done';
  }

  record(sample: RequestSample): void {
    const entry = this.state.get(sample.targetId);
    if (!entry) return;
    if (sample.warmup) {
      entry.warmupDone++;
      return;
    }
    if (sample.status === 'error') {
      entry.failed++;
      return;
    }
    entry.ok++;
    entry.e2eMs.push(sample.endMs - sample.sendMs);
    if (sample.firstMs !== null) entry.ttftMs.push(sample.firstMs - sample.sendMs);
  }

  snapshot(): BenchProgress {
    const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);
    return {
      phase: this.phase,
      elapsedMs: this.measureStartMs === null ? 0 : this.now() - this.measureStartMs,
      durationMs: this.durationMs,
      targets: this.targets.map((target) => {
        const entry = this.state.get(target.id)!;
        return {
          id: target.id,
          total: this.totalPerTarget,
          ok: entry.ok,
          failed: entry.failed,
          warmupDone: entry.warmupDone,
          p50E2eMs: median(entry.e2eMs),
          p50TtftMs: median(entry.ttftMs),
        };
      }),
    };
  }
}

/** One stderr line for terminals without Ink (pipes, CI): every target's progress, side by side. */
export function progressLine(progress: BenchProgress): string {
  const parts = progress.targets.map((target) => {
    const done = target.ok + target.failed;
    const count = target.total === null ? `${done}` : `${done}/${target.total}`;
    const p50 = target.p50E2eMs === null ? '' : ` p50 ${formatMs(target.p50E2eMs)}`;
    const failed = target.failed > 0 ? ` ${target.failed} failed` : '';
    return `${target.id} ${count}${p50}${failed}`;
  });
  const label = progress.phase === 'warmup' ? 'warm-up' : progress.phase === 'done' ? 'done' : formatSeconds(progress.elapsedMs);
  return `bench [${label}] ${parts.join(' | ')}`;
}
