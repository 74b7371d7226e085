import type { BenchReport, CompareReport, MetricDelta, TargetReport } from './types.js';

/** The metrics --compare lines up, by name, with how to read each from a target's report. */
const COMPARED: Array<[string, (target: TargetReport) => number | null]> = [
  ['ttft_p50_ms', (target) => target.latency_ms.ttft.p50],
  ['ttft_p95_ms', (target) => target.latency_ms.ttft.p95],
  ['tpot_p50_ms', (target) => target.latency_ms.tpot.p50],
  ['e2e_p50_ms', (target) => target.latency_ms.e2e.p50],
  ['e2e_p95_ms', (target) => target.latency_ms.e2e.p95],
  ['requests_per_s', (target) => target.throughput.requests_per_s],
  ['output_tokens_per_s', (target) => target.throughput.output_tokens_per_s],
  ['error_rate', (target) => target.errors.rate],
  ['cost_per_request_usd', (target) => target.cost.per_request_usd],
];

/** Differences of `after` from `before`, per target present in both (matched by id). */
export function compareRuns(before: Pick<BenchReport, 'run_id' | 'targets'>, after: Pick<BenchReport, 'targets'>): CompareReport {
  const beforeById = new Map(before.targets.map((target) => [target.id, target]));
  const afterIds = new Set(after.targets.map((target) => target.id));
  const targets: CompareReport['targets'] = [];
  for (const target of after.targets) {
    const old = beforeById.get(target.id);
    if (!old) continue;
    const deltas: MetricDelta[] = COMPARED.map(([metric, read]) => {
      const was = read(old);
      const now = read(target);
      const delta = was !== null && now !== null ? now - was : null;
      return { metric, before: was, after: now, delta, delta_pct: delta !== null && was !== 0 && was !== null ? (delta / was) * 100 : null };
    });
    targets.push({ id: target.id, deltas });
  }
  return {
    run_id: before.run_id,
    targets,
    only_before: before.targets.filter((target) => !afterIds.has(target.id)).map((target) => target.id),
    only_after: after.targets.filter((target) => !beforeById.has(target.id)).map((target) => target.id),
  };
}
