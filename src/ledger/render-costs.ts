import type { CostDimension } from '../spec/ledger.js';
import type { CostsReportJson, CostsRowJson } from './costs-report.js';
import { formatUsd } from '../shared/format-usd.js';
import { formatMs } from '../shared/format-duration.js';
import { formatPercent } from '../shared/format-percent.js';
import type { Style } from '../shared/color.js';
import { hiddenNote, renderTable, wrapText, type TableColumn } from '../shared/table.js';

const HEADINGS: Record<CostDimension, string> = { provider: 'provider', model: 'model', strategy: 'strategy', day: 'day', tag: 'tag', source: 'cost source' };
const NONE: Record<CostDimension, string> = { provider: '', model: '', strategy: '(none)', day: '', tag: '(untagged)', source: '' };

export interface CostsTableOptions {
  style: Style;
  /** Columns to fit into (terminalColumns()). */
  width: number;
  /** Every column, whatever the width. */
  wide?: boolean;
}

type CostsLine = CostsRowJson & { label?: string };

/**
 * The human `llmx costs` report: a table with a totals row, then the notes. The `--by` keys and the
 * cost always show; to fit, the mean latency goes first, then failures, input and output tokens, requests.
 */
export function renderCostsTable(report: CostsReportJson, options: CostsTableOptions): string {
  const by = report.by;
  const columns: Array<TableColumn<CostsLine>> = [
    ...by.map((dimension, index): TableColumn<CostsLine> => ({
      header: HEADINGS[dimension],
      value: (row) => (row.label !== undefined ? (index === 0 ? row.label : '') : (row[dimension] ?? NONE[dimension])),
    })),
    { header: 'requests', value: (row) => integer(row.requests), align: 'right', priority: 1 },
    { header: 'failures', value: (row) => integer(row.failures), align: 'right', priority: 4, tone: (row) => (row.failures > 0 ? 'bad' : undefined) },
    { header: 'input tok', value: (row) => integer(row.input_tokens), align: 'right', priority: 3 },
    { header: 'output tok', value: (row) => integer(row.output_tokens), align: 'right', priority: 2 },
    // Cache writes are billed above the input price: shown where there are any.
    ...(report.totals.cache_write_tokens > 0
      ? [{ header: 'cache write', value: (row: CostsLine) => integer(row.cache_write_tokens), align: 'right' as const, priority: 4 }]
      : []),
    { header: 'cost', value: costCell, align: 'right', tone: (row) => (row.unpriced_requests > 0 ? 'warn' : undefined) },
    { header: 'mean latency', value: (row) => (row.mean_latency_ms === null ? '-' : formatMs(row.mean_latency_ms)), align: 'right', priority: 5 },
  ];
  const table = renderTable<CostsLine>(columns, report.rows, { ...options, footer: [{ ...report.totals, label: 'Total' }] });

  const notes: string[] = [];
  if (report.totals.unpriced_requests > 0) {
    notes.push(
      `* ${report.totals.unpriced_requests} request(s) have no known price and are not in these costs (add them under pricing: in providers.yaml, then llmx costs --reprice)`,
    );
  }
  if (report.projection) {
    const p = report.projection;
    notes.push(
      `Projection: ${formatUsd(p.projected_month_usd)} by month end at ${formatUsd(p.daily_rate_usd)}/day ` +
        `(the rate of the last ${p.basis_days} days, ${shortTime(p.basis_since)} to ${shortTime(p.basis_until)}; ${p.remaining_days} days left)`,
    );
  }
  for (const budget of report.budgets ?? []) {
    const mark = budget.state === 'exceeded' ? 'EXCEEDED' : budget.state === 'alert' ? 'ALERT' : 'ok';
    notes.push(
      `Budget ${budget.budget} (${budget.period}): ${formatUsd(budget.spent_usd)} of ${formatUsd(budget.limit_usd)} (${formatPercent(budget.fraction)}, alert at ${formatPercent(budget.threshold)}) ${mark}`,
    );
  }
  const lines = [options.style.header(`Costs for ${report.period.label} (${report.period.tz})`), table.text];
  for (const note of notes) lines.push(...wrapText(note, options.width, 2));
  const hidden = hiddenNote(table.hidden, options.width, options.style);
  if (hidden) lines.push(hidden);
  return `${lines.join('\n')}\n`;
}

function costCell(row: CostsRowJson): string {
  const flagged = row.unpriced_requests > 0 ? ` *${row.unpriced_requests}` : '';
  return `${row.cost_usd === null ? 'unknown' : formatUsd(row.cost_usd)}${flagged}`;
}

/** `--csv`: one header line, one line per row (no totals row: a consumer sums the column itself). */
export function renderCostsCsv(report: CostsReportJson): string {
  const columns = [
    ...report.by, 'requests', 'failures', 'input_tokens', 'output_tokens', 'cached_input_tokens', 'cache_write_tokens', 'cache_write_1h_tokens',
    'reasoning_tokens', 'cost_usd', 'unpriced_requests', 'mean_latency_ms',
  ];
  const lines = [columns.join(',')];
  for (const row of report.rows) {
    lines.push(columns.map((column) => csvCell((row as Record<string, unknown>)[column])).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}


function integer(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function shortTime(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ') + 'Z';
}
