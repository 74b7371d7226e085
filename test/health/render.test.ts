import { describe, expect, it } from 'vitest';
import type { ProviderHealth } from '../../src/health/check-providers.js';
import { renderHealthLine, renderHealthTable, toJsonRow } from '../../src/health/render.js';

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
  it('the table fits the terminal by shortening the error column', () => {
    const table = renderHealthTable([row({}), down], { color: false, columns: 160 });
    const widths = table.split('\n').map((line) => [...line].length);
    expect(Math.max(...widths)).toBe(160);
    expect(table).toMatch(/│ anthropic │ anthropic │ down\s+│ 5000 ms │ open \(probe in 1m 01s\) │/);
    expect(table).toContain('anthropic: server error');
    expect(table).toContain('…');
    expect(table).toMatch(/│ 2\.1%\s+│ 42\s+│ \$0\.1235\s+│/);
    expect(table).not.toContain('\u001b[');
  });

  it('colours only the status, and only when asked', () => {
    expect(renderHealthTable([down], { color: true })).toContain('\u001b[31mdown\u001b[39m');
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
