import { formatCountdown, formatMs } from '../shared/format-duration.js';
import { formatUsd } from '../shared/format-usd.js';
import type { ProviderHealth } from './check-providers.js';
import type { HealthStatus } from './status.js';
import { formatPercent } from '../shared/format-percent.js';
import type { Style, Tone } from '../shared/color.js';
import { hiddenNote, renderTable, wrapText, type TableColumn } from '../shared/table.js';

/** The `health --json` row: snake_case, the fields issue 5 fixes, plus a few extra at the end. */
export interface ProviderHealthJson {
  name: string;
  type: string;
  status: HealthStatus;
  latency_ms: number | null;
  /** closed, half-open or open. */
  circuit: string;
  error: string | null;
  p50_ms: number | null;
  p95_ms: number | null;
  error_rate: number | null;
  requests_today: number;
  cost_today_usd: number;
  check: string | null;
  circuit_retry_in_ms: number;
  checked_at: string;
}

export function toJsonRow(row: ProviderHealth): ProviderHealthJson {
  return {
    name: row.name,
    type: row.type,
    status: row.status,
    latency_ms: row.latencyMs,
    circuit: row.circuit.status,
    error: row.error,
    p50_ms: row.p50Ms,
    p95_ms: row.p95Ms,
    error_rate: row.errorRate === null ? null : Number(row.errorRate.toFixed(4)),
    requests_today: row.requestsToday,
    cost_today_usd: Number(row.costTodayUsd.toFixed(6)),
    check: row.check,
    circuit_retry_in_ms: row.circuit.retryInMs,
    checked_at: new Date(row.checkedAtMs).toISOString(),
  };
}

const TONES: Record<HealthStatus, Tone> = { healthy: 'good', degraded: 'warn', down: 'bad', unconfigured: 'muted' };

export function statusTone(status: HealthStatus): Tone {
  return TONES[status];
}

/** A latency cell: "123 ms", or "-" when there is none. */
export function msCell(value: number | null): string {
  return value === null ? '-' : formatMs(value);
}

export function formatCircuit(circuit: ProviderHealth['circuit']): string {
  return circuit.status === 'open' ? `open (probe ${formatCountdown(circuit.retryInMs)})` : circuit.status;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '-' : formatPercent(rate, 1);
}

export interface HealthTableOptions {
  style: Style;
  /** Columns to fit into (terminalColumns()). */
  width: number;
  /** Every column, whatever the width. */
  wide?: boolean;
}

/**
 * Provider, status and circuit always show; the rest go in this order when the width is short:
 * type, the 1-hour p95, today's requests, the 1-hour p50, today's cost, the error rate, the latency.
 */
const HEALTH_COLUMNS: ReadonlyArray<TableColumn<ProviderHealth>> = [
  { header: 'provider', value: (row) => row.name },
  { header: 'type', value: (row) => row.type, priority: 7 },
  { header: 'status', value: (row) => row.status, tone: (row) => statusTone(row.status) },
  { header: 'latency', value: (row) => msCell(row.latencyMs), align: 'right', priority: 1 },
  { header: 'circuit', value: (row) => formatCircuit(row.circuit), tone: (row) => (row.circuit.status === 'closed' ? undefined : row.circuit.status === 'open' ? 'bad' : 'warn') },
  { header: 'p50 1h', value: (row) => msCell(row.p50Ms), align: 'right', priority: 4 },
  { header: 'p95 1h', value: (row) => msCell(row.p95Ms), align: 'right', priority: 6 },
  { header: 'errors 1h', value: (row) => formatRate(row.errorRate), align: 'right', priority: 2 },
  { header: 'reqs today', value: (row) => String(row.requestsToday), align: 'right', priority: 5 },
  { header: 'cost today', value: (row) => formatUsd(row.costTodayUsd), align: 'right', priority: 3 },
];

/**
 * The `llmx health` table, then each provider's error in full below it (a squeezed cell would hide
 * the hint at its end), then the columns that did not fit, if any.
 */
export function renderHealthTable(rows: readonly ProviderHealth[], options: HealthTableOptions): string {
  const table = renderTable(HEALTH_COLUMNS, rows, { width: options.width, wide: options.wide, style: options.style });
  const lines = [table.text];
  const failing = rows.filter((row) => row.error);
  if (failing.length > 0) {
    lines.push('');
    for (const row of failing) {
      const error = row.error!.replace(/\s+/g, ' ').trim();
      const text = error.startsWith(`${row.name}:`) ? error : `${row.name}: ${error}`;
      lines.push(...wrapText(text, options.width, 2).map((line, index) => (index === 0 ? options.style.tone(statusTone(row.status), line) : line)));
    }
  }
  const note = hiddenNote(table.hidden, options.width, options.style);
  if (note) lines.push(note);
  return lines.join('\n');
}

/** `health --watch` without a terminal: one grep-able line per provider per round. */
export function renderHealthLine(row: ProviderHealth): string {
  const parts = [
    new Date(row.checkedAtMs).toISOString(),
    row.name,
    row.status,
    `latency=${row.latencyMs === null ? '-' : `${row.latencyMs}ms`}`,
    `circuit=${row.circuit.status}`,
    `p50=${row.p50Ms ?? '-'}`,
    `p95=${row.p95Ms ?? '-'}`,
    `errors=${formatRate(row.errorRate)}`,
    `requests_today=${row.requestsToday}`,
    `cost_today=${formatUsd(row.costTodayUsd)}`,
  ];
  if (row.error) parts.push(`error=${JSON.stringify(row.error)}`);
  return parts.join(' ');
}
