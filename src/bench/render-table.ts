import Table from 'cli-table3';
import { formatSeconds } from '../shared/format-duration.js';
import { formatUsd } from '../shared/format-usd.js';
import { minSamplesFor } from './stats.js';
import type { BenchReport, CompareReport, MetricSummary, TargetReport } from './types.js';
import { formatPercent } from '../shared/format-percent.js';

const UNRELIABLE_MARK = '*';

function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toFixed(digits);
}

function usdCell(value: number | null): string {
  return value === null ? 'unknown' : formatUsd(value);
}

/** "p50 / p90 / p95 / p99 (n)": a percentile the sample is too small for carries a mark. */
function percentiles(summary: MetricSummary | null, names: Array<'p50' | 'p90' | 'p95' | 'p99'> = ['p50', 'p90', 'p95', 'p99']): string {
  if (!summary || summary.n === 0) return '–';
  const cells = names.map((name) => `${formatNumber(summary[name])}${summary.unreliable.includes(name) ? UNRELIABLE_MARK : ''}`);
  return `${cells.join(' / ')} (n=${summary.n})`;
}

function errorCell(target: TargetReport): string {
  if (target.errors.rate === null) return '–';
  const classes = Object.entries(target.errors.by_class)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${name}:${count}`);
  return `${formatPercent(target.errors.rate, 1)}${classes.length > 0 ? ` (${classes.join(' ')})` : ''}`;
}

const ROWS: Array<[string, (target: TargetReport) => string]> = [
  ['requests ok / failed', (t) => `${t.counts.ok} / ${t.counts.failed}${t.counts.warmup > 0 ? ` (+${t.counts.warmup} warm-up)` : ''}`],
  ['error rate', errorCell],
  ['TTFT ms p50/p90/p95/p99', (t) => percentiles(t.latency_ms.ttft)],
  ['TPOT ms p50/p90/p95/p99', (t) => percentiles(t.latency_ms.tpot)],
  ['e2e ms p50/p90/p95/p99', (t) => percentiles(t.latency_ms.e2e)],
  ['e2e ms mean', (t) => formatNumber(t.latency_ms.e2e.mean)],
  ['inter-chunk ms p50/p99', (t) => percentiles(t.latency_ms.inter_chunk, ['p50', 'p99'])],
  ['from intended send ms p50/p99', (t) => (t.latency_ms.sched_e2e ? percentiles(t.latency_ms.sched_e2e, ['p50', 'p99']) : '–')],
  ['requests/s', (t) => formatNumber(t.throughput.requests_per_s, 2)],
  ['output tokens/s (aggregate)', (t) => formatNumber(t.throughput.output_tokens_per_s)],
  ['output tokens/s per request p50', (t) => formatNumber(t.throughput.output_tokens_per_s_per_request.p50)],
  ['tokens in / out (mean)', (t) => `${formatNumber(t.tokens.input_mean, 0)} / ${formatNumber(t.tokens.output_mean, 0)}${t.tokens.source ? ` ${t.tokens.source}` : ''}`],
  ['cost total', (t) => usdCell(t.cost.total_usd)],
  ['cost per request', (t) => usdCell(t.cost.per_request_usd)],
  ['cost per 1M output tokens', (t) => usdCell(t.cost.per_million_output_usd)],
];

/** The side-by-side report: one column per target, then the client's verdict on itself. */
export function renderReportTable(report: BenchReport, options: { color?: boolean } = {}): string {
  const targets = report.targets;
  const table = new Table({
    head: ['', ...targets.map((target) => target.id)],
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
  });
  for (const [label, cell] of ROWS) {
    if (label.startsWith('from intended send') && report.mode !== 'open') continue;
    table.push([label, ...targets.map(cell)]);
  }
  if (targets.some((target) => target.kind === 'strategy')) {
    table.push([
      'served by',
      ...targets.map((target) =>
        Object.entries(target.served_by)
          .map(([id, count]) => `${id}: ${count}`)
          .join('\n') || '–',
      ),
    ]);
  }
  const lines: string[] = [];
  const load = report.mode === 'open' ? `open loop at ${report.rate_per_s} req/s per target (seed ${report.seed})` : `closed loop, concurrency ${report.concurrency} per target`;
  lines.push(`bench ${report.run_id}: ${load}, ${report.stream ? 'streaming' : 'not streaming'}, ${formatSeconds(report.elapsed_s * 1000)}`);
  if (report.incomplete) lines.push(`INCOMPLETE: stopped early (${report.stopped_by}); the numbers cover only the requests that finished`);
  lines.push(table.toString());
  lines.push(
    `${UNRELIABLE_MARK} fewer samples than the percentile needs (p50: ${minSamplesFor(0.5)}, p90: ${minSamplesFor(0.9)}, p95: ${minSamplesFor(0.95)}, p99: ${minSamplesFor(0.99)}); warm-up excluded`,
  );
  const client = report.client;
  const delay = client.event_loop_delay_ms_p99 === null ? '' : `, event-loop delay p99 ${formatNumber(client.event_loop_delay_ms_p99, 2)} ms`;
  const dispatch = client.dispatch_delay_ms?.p99 != null ? `, dispatch delay p99 ${formatNumber(client.dispatch_delay_ms.p99, 2)} ms` : '';
  const rate = client.achieved_rate_per_s !== null ? `, achieved ${formatNumber(client.achieved_rate_per_s, 2)} of ${formatNumber(client.target_rate_per_s, 2)} req/s` : '';
  lines.push(`client: ${client.verdict}${delay}${dispatch}${rate}`);
  for (const reason of client.reasons) lines.push(`  ${reason}`);
  if (report.compare) lines.push(renderCompareTable(report.compare, options));
  return `${lines.join('\n')}\n`;
}

function signed(value: number | null, digits: number): string {
  if (value === null) return '–';
  return `${value > 0 ? '+' : ''}${value.toFixed(digits)}`;
}

/** One row per metric, one column per target: "new (Δ, Δ%)" against the earlier run. */
export function renderCompareTable(compare: CompareReport, options: { color?: boolean } = {}): string {
  const lines = [`compared with run ${compare.run_id} (after, then change from before):`];
  if (compare.targets.length === 0) {
    lines.push('  no target in common');
  } else {
    const table = new Table({ head: ['', ...compare.targets.map((target) => target.id)], style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] } });
    const metrics = compare.targets[0].deltas.map((delta) => delta.metric);
    metrics.forEach((metric, row) => {
      table.push([
        metric,
        ...compare.targets.map((target) => {
          const delta = target.deltas[row];
          const digits = metric.endsWith('_usd') ? 6 : metric === 'error_rate' ? 3 : 1;
          const pct = delta.delta_pct === null ? '' : `, ${signed(delta.delta_pct, 1)}%`;
          return delta.after === null ? '–' : `${delta.after.toFixed(digits)} (${signed(delta.delta, digits)}${pct})`;
        }),
      ]);
    });
    lines.push(table.toString());
  }
  if (compare.only_before.length > 0) lines.push(`only in ${compare.run_id}: ${compare.only_before.join(', ')}`);
  if (compare.only_after.length > 0) lines.push(`only in this run: ${compare.only_after.join(', ')}`);
  return lines.join('\n');
}
