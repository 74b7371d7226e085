import type { CostDimension } from '../spec/ledger.js';
import type { CostsReportJson, CostsRowJson } from './costs-report.js';
import { formatUsd } from '../shared/format-usd.js';
import { formatMs } from '../shared/format-duration.js';
import { formatPercent } from '../shared/format-percent.js';

const HEADINGS: Record<CostDimension, string> = { provider: 'Provider', model: 'Model', strategy: 'Strategy', day: 'Day', tag: 'Tag' };
const NONE: Record<CostDimension, string> = { provider: '', model: '', strategy: '(none)', day: '', tag: '(untagged)' };

/** The human `llmx costs` report: a cli-table3 table with a totals row, then the notes. */
export async function renderCostsTable(report: CostsReportJson, options: { color: boolean }): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const by = report.by;
  const table = new Table({
    head: [...by.map((dimension) => HEADINGS[dimension]), 'Requests', 'Failures', 'Input tok', 'Output tok', 'Cost', 'Mean latency'],
    colAligns: [...by.map(() => 'left' as const), 'right', 'right', 'right', 'right', 'right', 'right'],
    style: options.color ? { head: ['cyan'] } : { head: [], border: [] },
  });
  for (const row of report.rows) table.push([...by.map((dimension) => row[dimension] ?? NONE[dimension]), ...figures(row)]);
  const totalLabel = by.length === 0 ? [] : ['Total', ...by.slice(1).map(() => '')];
  table.push([...totalLabel, ...figures(report.totals)]);

  const lines = [`Costs for ${report.period.label} (${report.period.tz})`, table.toString()];
  if (report.totals.unpriced_requests > 0) {
    lines.push(
      `* ${report.totals.unpriced_requests} request(s) have no known price and are not in these costs (add them under pricing: in providers.yaml, then llmx costs --reprice)`,
    );
  }
  if (report.projection) {
    const p = report.projection;
    lines.push(
      `Projection: ${formatUsd(p.projected_month_usd)} by month end at ${formatUsd(p.daily_rate_usd)}/day ` +
        `(the rate of the last ${p.basis_days} days, ${shortTime(p.basis_since)} to ${shortTime(p.basis_until)}; ${p.remaining_days} days left)`,
    );
  }
  for (const budget of report.budgets ?? []) {
    const mark = budget.state === 'exceeded' ? 'EXCEEDED' : budget.state === 'alert' ? 'ALERT' : 'ok';
    lines.push(
      `Budget ${budget.budget} (${budget.period}): ${formatUsd(budget.spent_usd)} of ${formatUsd(budget.limit_usd)} (${formatPercent(budget.fraction)}, alert at ${formatPercent(budget.threshold)}) ${mark}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function figures(row: CostsRowJson): string[] {
  const flagged = row.unpriced_requests > 0 ? ` *${row.unpriced_requests}` : '';
  return [
    integer(row.requests),
    integer(row.failures),
    integer(row.input_tokens),
    integer(row.output_tokens),
    `${row.cost_usd === null ? 'unknown' : formatUsd(row.cost_usd)}${flagged}`,
    row.mean_latency_ms === null ? '-' : formatMs(row.mean_latency_ms),
  ];
}

/** `--csv`: one header line, one line per row (no totals row: a consumer sums the column itself). */
export function renderCostsCsv(report: CostsReportJson): string {
  const columns = [...report.by, 'requests', 'failures', 'input_tokens', 'output_tokens', 'cached_input_tokens', 'cost_usd', 'unpriced_requests', 'mean_latency_ms'];
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
