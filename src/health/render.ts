import Table from 'cli-table3';
import { formatCountdown, formatMs } from '../shared/format-duration.js';
import { formatUsd } from '../shared/format-usd.js';
import type { ProviderHealth } from './check-providers.js';
import type { HealthStatus } from './status.js';
import { formatPercent } from '../shared/format-percent.js';

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

const ANSI: Record<HealthStatus, string> = { healthy: '\u001b[32m', degraded: '\u001b[33m', down: '\u001b[31m', unconfigured: '\u001b[90m' };

export function paintStatus(status: HealthStatus, color: boolean): string {
  return color ? `${ANSI[status]}${status}\u001b[39m` : status;
}

/** A latency cell: "123 ms", or "-" when there is none. */
export function msCell(value: number | null): string {
  return value === null ? '-' : formatMs(value);
}

export function formatCircuit(circuit: ProviderHealth['circuit']): string {
  return circuit.status === 'open' ? `open (probe in ${formatCountdown(circuit.retryInMs)})` : circuit.status;
}

export function formatRate(rate: number | null): string {
  return rate === null ? '-' : formatPercent(rate, 1);
}

/** Shortened so a long SDK message does not wrap the table; --json has the whole text. */
function shortError(error: string | null, width = 48): string {
  if (!error) return '';
  const oneLine = error.replace(/\s+/g, ' ').trim();
  return oneLine.length > width ? `${oneLine.slice(0, width - 1)}…` : oneLine;
}

export interface HealthTableOptions {
  color: boolean;
  /** Terminal width; the error column shrinks (to 20 at least) so the table fits. Default: no limit (error cut at 48). */
  columns?: number;
}

export function renderHealthTable(rows: readonly ProviderHealth[], options: HealthTableOptions): string {
  const head = ['provider', 'type', 'status', 'latency', 'circuit', 'p50 1h', 'p95 1h', 'errors 1h', 'requests today', 'cost today', 'error'];
  const cells = rows.map((row) => [
    row.name,
    row.type,
    row.status,
    msCell(row.latencyMs),
    formatCircuit(row.circuit),
    msCell(row.p50Ms),
    msCell(row.p95Ms),
    formatRate(row.errorRate),
    String(row.requestsToday),
    formatUsd(row.costTodayUsd),
  ]);
  // Each column takes its widest cell plus two spaces of padding and one border.
  const fixedWidth = head.slice(0, -1).reduce((sum, title, index) => sum + Math.max(title.length, ...cells.map((row) => row[index].length)) + 3, 1);
  const errorWidth = options.columns === undefined ? 48 : Math.max(20, Math.min(48, options.columns - fixedWidth - 3));
  const table = new Table({ head, style: options.color ? {} : { head: [], border: [] } });
  rows.forEach((row, index) => {
    const line = [...cells[index], shortError(row.error, errorWidth)];
    line[2] = paintStatus(row.status, options.color);
    table.push(line);
  });
  return table.toString();
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
