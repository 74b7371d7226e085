import { describe, expect, it } from 'vitest';
import type { ProviderHealth } from '../../src/health/check-providers.js';
import { renderHealthLine, renderHealthTable, toJsonRow } from '../../src/health/render.js';
import { createStyle } from '../../src/shared/color.js';

const row = (overrides: Partial<ProviderHealth>): ProviderHealth => ({
  name: 'openai',
  type: 'openai',
  status: 'healthy',
  latencyMs: 87,
  check: 'GET /v1/models',
  circuit: { status: 'closed', retryInMs: 0, consecutiveFailures: 0 },
  error: null,
  p50Ms: 410,
  p95Ms: 1200,
  errorRate: 0.0213,
  requestsToday: 42,
  costTodayUsd: 0.1234567,
  checkedAtMs: Date.UTC(2026, 0, 10, 12, 0, 0),
  ...overrides,
});

const down = row({
  name: 'anthropic',
  type: 'anthropic',
  status: 'down',
  latencyMs: 5000,
  error: 'anthropic: server error (HTTP 500): The server had an error while processing your request. Sorry about that!',
  circuit: { status: 'open', retryInMs: 61_000, consecutiveFailures: 3 },
});

describe('health rendering', () => {
  it('fits the width by dropping the least important columns, names them, and prints the whole error below', () => {
    const table = renderHealthTable([row({}), down], { style: createStyle(false), width: 80 });
    const lines = table.split('\n');
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^provider\s+status\s+latency\s+circuit/);
    expect(lines[0]).not.toContain('type');
    expect(table).toMatch(/anthropic\s+down\s+5000 ms\s+open \(probe 1m 01s\)/);
    // Below the table, wrapped rather than cut: the hint at the end survives.
    expect(table.replace(/\n\s+/g, ' ')).toContain('anthropic: server error (HTTP 500): The server had an error while processing your request. Sorry about that!');
    expect(table).not.toContain('…');
    expect(table).toMatch(/\(hidden to fit 80 columns: type, .*; --wide shows all\)/);
    expect(table).not.toContain('\u001b[');
  });

  it('shows every column at 120, and with wide at any width', () => {
    for (const table of [renderHealthTable([row({}), down], { style: createStyle(false), width: 120 }), renderHealthTable([row({}), down], { style: createStyle(false), width: 60, wide: true })]) {
      expect(table.split('\n')[0]).toMatch(/^provider\s+type\s+status\s+latency\s+circuit\s+p50 1h\s+p95 1h\s+errors 1h\s+reqs today\s+cost today$/);
      expect(table).toMatch(/openai\s+openai\s+healthy\s+87 ms\s+closed\s+410 ms\s+1200 ms\s+2\.1%\s+42\s+\$0\.1235/);
      expect(table).not.toContain('hidden');
    }
  });

  it('colours only the status (and a circuit that is not closed), and only when asked', () => {
    const table = renderHealthTable([down], { style: createStyle(true), width: 120 });
    expect(table).toContain('\u001b[31mdown\u001b[39m');
    expect(table).toContain('\u001b[1mprovider\u001b[22m');
    expect(renderHealthTable([down], { style: createStyle(false), width: 120 })).not.toContain('\u001b[');
  });

  it('one grep-able line per provider for --watch without a terminal', () => {
    expect(renderHealthLine(down)).toBe(
      '2026-01-10T12:00:00.000Z anthropic down latency=5000ms circuit=open p50=410 p95=1200 errors=2.1% requests_today=42 cost_today=$0.1235 error="anthropic: server error (HTTP 500): The server had an error while processing your request. Sorry about that!"',
    );
  });

  it('the JSON row has the fields issue 5 fixes, in snake_case', () => {
    expect(toJsonRow(down)).toEqual({
      name: 'anthropic',
      type: 'anthropic',
      status: 'down',
      latency_ms: 5000,
      circuit: 'open',
      error: down.error,
      p50_ms: 410,
      p95_ms: 1200,
      error_rate: 0.0213,
      requests_today: 42,
      cost_today_usd: 0.123457,
      check: 'GET /v1/models',
      circuit_retry_in_ms: 61_000,
      checked_at: '2026-01-10T12:00:00.000Z',
    });
  });
});
