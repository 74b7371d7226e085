import { clientVerdict } from './client-check.js';
import { requestMetrics } from './request-metrics.js';
import type { BenchRun } from './runner.js';
import { summarize } from './stats.js';
import { ERROR_BUCKETS, type BenchReport, type BenchTarget, type ErrorBucket, type RequestSample, type TargetReport, type TokenSource } from './types.js';

/** How the run was asked for: echoed into the report so a saved run explains itself. */
export interface RunSettings {
  startedAt: Date;
  stream: boolean;
  /** Closed loop only. */
  concurrency: number | null;
  /** Open loop only, per target. */
  ratePerS: number | null;
  requestsPerTarget: number | null;
  durationS: number | null;
  warmupPerTarget: number;
  seed: number;
}

/** The statistics of one target's measured (non-warm-up) samples. Pure: the unit tests' seam. */
export function targetReport(target: BenchTarget, samples: readonly RequestSample[], windowStartMs: number): TargetReport {
  const measured = samples.filter((sample) => !sample.warmup);
  const ok = measured.filter((sample) => sample.status === 'ok');
  const failed = measured.filter((sample) => sample.status === 'error');
  const metrics = ok.map(requestMetrics);
  const present = (values: Array<number | null>) => values.filter((value): value is number => value !== null);

  // The window ends when the last measured request of this target ended: tail latency counts.
  const lastEndMs = measured.reduce((latest, sample) => Math.max(latest, sample.endMs), windowStartMs);
  const windowS = (lastEndMs - windowStartMs) / 1000;
  const outputTotal = ok.reduce((sum, sample) => sum + sample.outputTokens, 0);
  const inputTotal = measured.reduce((sum, sample) => sum + sample.inputTokens, 0);

  const byClass = Object.fromEntries(ERROR_BUCKETS.map((bucket) => [bucket, 0])) as Record<ErrorBucket, number>;
  for (const sample of failed) byClass[sample.errorBucket ?? 'other']++;

  const withTokens = measured.filter((sample) => sample.status === 'ok' || sample.inputTokens > 0 || sample.outputTokens > 0);
  const estimated = withTokens.filter((sample) => sample.tokensEstimated).length;
  const source: TokenSource | null =
    withTokens.length === 0 ? null : estimated === 0 ? 'server' : estimated === withTokens.length ? 'estimated' : 'mixed';

  // One unpriced request makes the total unknown: a partial sum would read as the real cost.
  const priced = measured.every((sample) => sample.costUsd !== null);
  const totalUsd = measured.length > 0 && priced ? measured.reduce((sum, sample) => sum + (sample.costUsd ?? 0), 0) : null;

  const servedBy: Record<string, number> = {};
  for (const sample of ok) servedBy[`${sample.provider}:${sample.model}`] = (servedBy[`${sample.provider}:${sample.model}`] ?? 0) + 1;

  const schedE2e = present(metrics.map((metric) => metric.schedE2eMs));
  return {
    id: target.id,
    kind: target.kind,
    provider: target.kind === 'model' ? target.provider : null,
    model: target.kind === 'model' ? target.model : null,
    strategy: target.strategy ?? null,
    counts: {
      ok: ok.length,
      failed: failed.length,
      warmup: samples.length - measured.length,
      attempts: measured.reduce((sum, sample) => sum + sample.attempts, 0),
    },
    latency_ms: {
      ttft: summarize(present(metrics.map((metric) => metric.ttftMs))),
      tpot: summarize(present(metrics.map((metric) => metric.tpotMs))),
      e2e: summarize(metrics.map((metric) => metric.e2eMs)),
      inter_chunk: summarize(ok.flatMap((sample) => sample.chunkGapsMs)),
      sched_e2e: measured.some((sample) => sample.schedMs !== null) ? summarize(schedE2e) : null,
    },
    throughput: {
      requests_per_s: windowS > 0 ? ok.length / windowS : null,
      output_tokens_per_s: windowS > 0 ? outputTotal / windowS : null,
      output_tokens_per_s_per_request: summarize(present(metrics.map((metric) => metric.outputTokensPerS))),
      window_s: windowS,
    },
    errors: { count: failed.length, rate: measured.length > 0 ? failed.length / measured.length : null, by_class: byClass },
    tokens: {
      input_total: inputTotal,
      output_total: outputTotal,
      input_mean: ok.length > 0 ? ok.reduce((sum, sample) => sum + sample.inputTokens, 0) / ok.length : null,
      output_mean: ok.length > 0 ? outputTotal / ok.length : null,
      source,
    },
    cost: {
      total_usd: totalUsd,
      per_request_usd: totalUsd !== null && measured.length > 0 ? totalUsd / measured.length : null,
      per_million_output_usd: totalUsd !== null && outputTotal > 0 ? (totalUsd / outputTotal) * 1e6 : null,
    },
    served_by: servedBy,
  };
}

/** The whole report: per-target statistics and the client's verdict on itself. */
export function buildReport(run: BenchRun, targets: readonly BenchTarget[], settings: RunSettings): BenchReport {
  const open = settings.ratePerS !== null;
  const measured = run.samples.filter((sample) => !sample.warmup);
  const dispatchDelays = measured.filter((sample) => sample.schedMs !== null).map((sample) => sample.sendMs - sample.schedMs!);

  let intendedRatePerS: number | null = null;
  let achievedRatePerS: number | null = null;
  if (open) {
    const dispatched = run.dispatch.reduce((sum, record) => sum + record.dispatched, 0);
    const lastSchedMs = Math.max(...run.dispatch.map((record) => record.lastSchedMs ?? run.measureStartMs));
    const lastSendMs = Math.max(...run.dispatch.map((record) => record.lastSendMs ?? run.measureStartMs));
    // Compared with the schedule's own rate, not the nominal one: a short Poisson run is rarely exactly R.
    if (dispatched > 0 && lastSchedMs > run.measureStartMs) intendedRatePerS = dispatched / ((lastSchedMs - run.measureStartMs) / 1000);
    if (dispatched > 0 && lastSendMs > run.measureStartMs) achievedRatePerS = dispatched / ((lastSendMs - run.measureStartMs) / 1000);
  }

  return {
    schema: 'bench/1',
    run_id: run.runId,
    started_at: settings.startedAt.toISOString(),
    mode: open ? 'open' : 'closed',
    stream: settings.stream,
    concurrency: open ? null : settings.concurrency,
    rate_per_s: settings.ratePerS,
    requests_per_target: settings.requestsPerTarget,
    duration_s: settings.durationS,
    warmup_per_target: settings.warmupPerTarget,
    seed: settings.seed,
    incomplete: run.stoppedBy !== null,
    stopped_by: run.stoppedBy,
    elapsed_s: (run.measureEndMs - run.measureStartMs) / 1000,
    targets: targets.map((target) =>
      targetReport(
        target,
        run.samples.filter((sample) => sample.targetId === target.id),
        run.measureStartMs,
      ),
    ),
    client: {
      ...clientVerdict({
        eventLoop: run.eventLoop,
        dispatchDelay: open ? summarize(dispatchDelays) : null,
        targetRatePerS: open ? settings.ratePerS! * targets.length : null,
        intendedRatePerS,
        achievedRatePerS,
      }),
      cpu_ms_per_request: measured.length > 0 ? run.cpuMs / measured.length : null,
    },
  };
}
