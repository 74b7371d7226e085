import type { BenchReport, MetricSummary, TargetReport } from './types.js';

const SUMMARY_FIELDS = ['n', 'p50', 'p90', 'p95', 'p99', 'mean'] as const;

function summaryColumns(prefix: string, read: (target: TargetReport) => MetricSummary | null): Array<[string, (target: TargetReport) => unknown]> {
  return SUMMARY_FIELDS.map((field) => [`${prefix}_${field}`, (target: TargetReport) => read(target)?.[field] ?? null]);
}

/** One row per target; empty cells for null (unknown cost, non-streaming TTFT). */
const COLUMNS: Array<[string, (target: TargetReport) => unknown]> = [
  ['target', (t) => t.id],
  ['provider', (t) => t.provider],
  ['model', (t) => t.model],
  ['strategy', (t) => t.strategy],
  ['ok', (t) => t.counts.ok],
  ['failed', (t) => t.counts.failed],
  ['warmup', (t) => t.counts.warmup],
  ['error_rate', (t) => t.errors.rate],
  ...(['429', '5xx', 'timeout', 'network', 'other'] as const).map((bucket): [string, (t: TargetReport) => unknown] => [`errors_${bucket}`, (t) => t.errors.by_class[bucket]]),
  ...summaryColumns('ttft_ms', (t) => t.latency_ms.ttft),
  ...summaryColumns('tpot_ms', (t) => t.latency_ms.tpot),
  ...summaryColumns('e2e_ms', (t) => t.latency_ms.e2e),
  ...summaryColumns('inter_chunk_ms', (t) => t.latency_ms.inter_chunk),
  ...summaryColumns('sched_e2e_ms', (t) => t.latency_ms.sched_e2e),
  ['requests_per_s', (t) => t.throughput.requests_per_s],
  ['output_tokens_per_s', (t) => t.throughput.output_tokens_per_s],
  ['input_tokens', (t) => t.tokens.input_total],
  ['output_tokens', (t) => t.tokens.output_total],
  ['token_source', (t) => t.tokens.source],
  ['cost_total_usd', (t) => t.cost.total_usd],
  ['cost_per_request_usd', (t) => t.cost.per_request_usd],
  ['cost_per_million_output_usd', (t) => t.cost.per_million_output_usd],
];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(report: BenchReport): string {
  const header = ['run_id', ...COLUMNS.map(([name]) => name), 'client_verdict', 'incomplete'];
  const rows = report.targets.map((target) => [report.run_id, ...COLUMNS.map(([, read]) => read(target)), report.client.verdict, report.incomplete]);
  return `${[header, ...rows].map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
