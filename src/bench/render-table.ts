import { formatSeconds } from '../shared/format-duration.js';
import { formatUsd } from '../shared/format-usd.js';
import { minSamplesFor } from './stats.js';
import type { BenchReport, CompareReport, MetricSummary, TargetReport } from './types.js';
import { formatPercent } from '../shared/format-percent.js';
import { createStyle, type Style } from '../shared/color.js';
import { naturalTableWidth, renderTable, wrapText, type TableColumn } from '../shared/table.js';
import { PIPED_COLUMNS } from '../shared/terminal-width.js';

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

export interface ReportTableOptions {
  /** Default: no colour. */
  style?: Style;
  /** Columns to fit into. Default 120 (a pipe or a file). */
  width?: number;
  /** Targets side by side however wide that gets (`--wide`). */
  wide?: boolean;
}

interface MetricRow {
  label: string;
  cells: string[];
}

/**
 * Metric rows against target columns: side by side when they fit the width (or with `wide`); else as
 * many targets side by side as fit, repeating the labels for the next group; when not even two fit,
 * one block per target under its name. No cell is ever squeezed or wrapped.
 */
function renderMetricGrid(ids: readonly string[], rows: readonly MetricRow[], options: ReportTableOptions): string {
  const style = options.style ?? createStyle(false);
  const width = options.width ?? PIPED_COLUMNS;
  const label: TableColumn<MetricRow> = { header: '', value: (row) => row.label };
  const target = (index: number): TableColumn<MetricRow> => ({ header: ids[index], value: (row) => row.cells[index] });
  const side = (indexes: number[]) => renderTable([label, ...indexes.map(target)], rows, { width, wide: true, style }).text;
  const all = ids.map((_, index) => index);
  if (options.wide || naturalTableWidth([label, ...all.map(target)], rows) <= width) return side(all);
  const groups: number[][] = [];
  for (const index of all) {
    const last = groups.at(-1);
    if (last && naturalTableWidth([label, ...[...last, index].map(target)], rows) <= width) last.push(index);
    else groups.push([index]);
  }
  if (groups.some((group) => group.length > 1)) return groups.map(side).join('\n\n');
  return all
    .map((index) => `${style.header(ids[index])}\n${renderTable([label, target(index)], rows, { width, style, indent: 2, headerless: true }).text}`)
    .join('\n\n');
}

/** The side-by-side report: one column per target (a block each when they do not fit), then the client's verdict on itself. */
export function renderReportTable(report: BenchReport, options: ReportTableOptions = {}): string {
  const targets = report.targets;
  const rows: MetricRow[] = [];
  for (const [label, cell] of ROWS) {
    if (label.startsWith('from intended send') && report.mode !== 'open') continue;
    rows.push({ label, cells: targets.map(cell) });
  }
  if (targets.some((target) => target.kind === 'strategy')) {
    rows.push({
      label: 'served by',
      cells: targets.map((target) =>
        Object.entries(target.served_by)
          .map(([id, count]) => `${id}: ${count}`)
          .join('\n') || '–',
      ),
    });
  }
  const width = options.width ?? PIPED_COLUMNS;
  const lines: string[] = [];
  const load = report.mode === 'open' ? `open loop at ${report.rate_per_s} req/s per target (seed ${report.seed})` : `closed loop, concurrency ${report.concurrency} per target`;
  lines.push(...wrapText(`bench ${report.run_id}: ${load}, ${report.stream ? 'streaming' : 'not streaming'}, ${formatSeconds(report.elapsed_s * 1000)}`, width, 2));
  if (report.incomplete) lines.push(...wrapText(`INCOMPLETE: stopped early (${report.stopped_by}); the numbers cover only the requests that finished`, width, 2));
  lines.push(renderMetricGrid(targets.map((target) => target.id), rows, options));
  lines.push(
    ...wrapText(
      `${UNRELIABLE_MARK} fewer samples than the percentile needs (p50: ${minSamplesFor(0.5)}, p90: ${minSamplesFor(0.9)}, p95: ${minSamplesFor(0.95)}, p99: ${minSamplesFor(0.99)}); warm-up excluded`,
      width,
      2,
    ),
  );
  const client = report.client;
  const delay = client.event_loop_delay_ms_p99 === null ? '' : `, event-loop delay p99 ${formatNumber(client.event_loop_delay_ms_p99, 2)} ms`;
  const dispatch = client.dispatch_delay_ms?.p99 != null ? `, dispatch delay p99 ${formatNumber(client.dispatch_delay_ms.p99, 2)} ms` : '';
  const rate = client.achieved_rate_per_s !== null ? `, achieved ${formatNumber(client.achieved_rate_per_s, 2)} of ${formatNumber(client.target_rate_per_s, 2)} req/s` : '';
  lines.push(...wrapText(`client: ${client.verdict}${delay}${dispatch}${rate}`, width, 2));
  for (const reason of client.reasons) lines.push(...wrapText(reason, width - 2, 2).map((line) => `  ${line}`));
  if (report.compare) lines.push(renderCompareTable(report.compare, options));
  return `${lines.join('\n')}\n`;
}

function signed(value: number | null, digits: number): string {
  if (value === null) return '–';
  return `${value > 0 ? '+' : ''}${value.toFixed(digits)}`;
}

/** One row per metric, one column per target: "new (Δ, Δ%)" against the earlier run. */
export function renderCompareTable(compare: CompareReport, options: ReportTableOptions = {}): string {
  const width = options.width ?? PIPED_COLUMNS;
  const lines = [`compared with run ${compare.run_id} (after, then change from before):`];
  if (compare.targets.length === 0) {
    lines.push('  no target in common');
  } else {
    const metrics = compare.targets[0].deltas.map((delta) => delta.metric);
    const rows = metrics.map((metric, row): MetricRow => ({
      label: metric,
      cells: compare.targets.map((target) => {
        const delta = target.deltas[row];
        const digits = metric.endsWith('_usd') ? 6 : metric === 'error_rate' ? 3 : 1;
        const pct = delta.delta_pct === null ? '' : `, ${signed(delta.delta_pct, 1)}%`;
        return delta.after === null ? '–' : `${delta.after.toFixed(digits)} (${signed(delta.delta, digits)}${pct})`;
      }),
    }));
    lines.push(renderMetricGrid(compare.targets.map((target) => target.id), rows, options));
  }
  if (compare.only_before.length > 0) lines.push(...wrapText(`only in ${compare.run_id}: ${compare.only_before.join(', ')}`, width, 2));
  if (compare.only_after.length > 0) lines.push(...wrapText(`only in this run: ${compare.only_after.join(', ')}`, width, 2));
  return lines.join('\n');
}
