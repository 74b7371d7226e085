import { join } from 'node:path';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { checkProviders, type ProviderHealth } from '../../src/health/check-providers.js';
import { renderHealthLine, renderHealthTable } from '../../src/health/render.js';
import { recordCircuitFailure } from '../../src/resilience/circuit-breaker.js';
import type { ProviderAdapter } from '../../src/spec/adapter.js';
import type { ProviderConfig } from '../../src/spec/config.js';
import { ProviderCallError } from '../../src/spec/errors.js';
import { openStore } from '../../src/store/index.js';
import { attemptRecord } from '../helpers/attempt-record.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { createStyle } from '../../src/shared/color.js';
import { expectGolden, GOLDEN_COLUMNS } from '../helpers/golden.js';
import { useTempDirs } from '../helpers/temp-dir.js';

// The `health` table through the real checkProviders (checker, circuit feed, ledger percentiles
// from a real SQLite file) on a fake clock, with fake adapters at the adapter seam: the CLI's own
// output is not deterministic (latencies are measured), so the golden starts one layer below it.
const tempDir = useTempDirs('llmx-health-golden-');

const YAML = `providers:
  openai: {type: openai, api_key: sk-test, models: [gpt-4o-mini]}
  anthropic: {type: anthropic, api_key: sk-test, models: [claude-haiku-4-5]}
  azure: {type: azure_openai, api_key: az-test, endpoint: "https://example.openai.azure.com/", api_version: "2024-10-21", models: [gpt-4o]}
  ollama: {type: ollama, models: [llama3.2]}
  proxy: {type: custom, api_key: sk-test, base_url: "http://127.0.0.1:9/v1", models: [qwen2.5-7b], failover: {max_failures: 2, recovery_timeout: 300}}
  keyless: {type: anthropic, api_key: "\${GOLDEN_UNSET_KEY}", models: [claude-sonnet-4-5]}
`;

/**
 * Each provider's ping: the latency it reports, or its error. The checks run concurrently, so the
 * fake clock stands still while they do (one shared advancing clock would add their times up): a
 * failing check, timed by the checker itself, takes 0 ms.
 */
type Ping = { latencyMs: number; check: string } | { error: ProviderCallError };

function fakeAdapters(pings: Record<string, Ping>): (provider: ProviderConfig) => Promise<ProviderAdapter> {
  return async (provider) => ({
    name: provider.name,
    type: provider.type,
    chat: () => Promise.reject(new Error('health checks only ping here')),
    stream: () => {
      throw new Error('health checks only ping here');
    },
    ping: async () => {
      const ping = pings[provider.name];
      if ('error' in ping) throw ping.error;
      return { ok: true, latencyMs: ping.latencyMs, check: ping.check };
    },
  });
}

const NOW_MS = Date.UTC(2026, 2, 10, 14, 30);
let store: Awaited<ReturnType<typeof openStore>>;
let clock: FakeClock;

beforeEach(async () => {
  store = await openStore({ path: join(tempDir(), 'llmx.db') });
  clock = fakeClock({ startMs: NOW_MS });
  // The checker times a failing check with performance.now: the fake clock's time too.
  vi.spyOn(performance, 'now').mockImplementation(() => clock.now());
});
afterEach(() => {
  vi.restoreAllMocks();
  store.close();
});

async function healthRows(): Promise<ProviderHealth[]> {
  const config = parseConfigText(YAML, 'providers.yaml', {});
  // The last hour's ledger: openai answered twelve times (one failure), anthropic twice; earlier today, a dearer call.
  const minutesAgo = (minutes: number) => NOW_MS - minutes * 60_000;
  const latencies = [420, 380, 510, 460, 900, 390, 445, 1210, 400, 470, 430];
  store.ledger.insertMany([
    ...latencies.map((latencyMs, index) => attemptRecord({ requestId: `o${index}`, provider: 'openai', modelRequested: 'gpt-4o-mini', startedAtMs: minutesAgo(50 - index * 4), latencyMs, costUsd: 0.00042 })),
    attemptRecord({ requestId: 'o-fail', provider: 'openai', modelRequested: 'gpt-4o-mini', startedAtMs: minutesAgo(3), status: 'error', errorClass: 'server', httpStatus: 503, latencyMs: 95, costUsd: null, inputTokens: 0, outputTokens: 0 }),
    attemptRecord({ requestId: 'a1', provider: 'anthropic', modelRequested: 'claude-haiku-4-5', startedAtMs: minutesAgo(20), latencyMs: 1350, costUsd: 0.0031 }),
    attemptRecord({ requestId: 'a2', provider: 'anthropic', modelRequested: 'claude-haiku-4-5', startedAtMs: minutesAgo(10), latencyMs: 1720, costUsd: 0.0029 }),
    attemptRecord({ requestId: 'p-earlier', provider: 'proxy', modelRequested: 'qwen2.5-7b', startedAtMs: minutesAgo(300), latencyMs: 800, costUsd: 1.25 }),
  ]);
  // The router tripped proxy's breaker a minute ago (two 502s); its ping still answers.
  for (let i = 0; i < 2; i++) await recordCircuitFailure(store.state, 'proxy', { maxFailures: 2, recoveryTimeoutMs: 300_000 }, minutesAgo(1), 'server', 'proxy: 502 Bad Gateway from the upstream');
  const adapterFor = fakeAdapters({
    openai: { latencyMs: 142, check: 'GET /v1/models' },
    anthropic: { error: new ProviderCallError({ provider: 'anthropic', model: 'claude-haiku-4-5', errorClass: 'rate_limit', status: 429, message: 'anthropic: rate limited (429): Number of request tokens has exceeded your per-minute rate limit' }) },
    azure: { error: new ProviderCallError({ provider: 'azure', model: 'gpt-4o', errorClass: 'auth', status: 401, message: 'azure: authentication failed (401): Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription.' }) },
    ollama: { latencyMs: 2600, check: 'GET /api/version' },
    proxy: { latencyMs: 61, check: 'GET /v1/models' },
  });
  return checkProviders({ config, state: store.state, ledger: store.ledger, adapterFor, now: clock.now });
}

describe('health goldens', () => {
  it.each(GOLDEN_COLUMNS)('health-table at %i columns: every status, an open circuit, last-hour percentiles', async (columns) => {
    expectGolden('health-table', `${renderHealthTable(await healthRows(), { style: createStyle(false), width: columns })}\n`, { columns });
  });

  it.each(GOLDEN_COLUMNS)('health-watch-lines: health --watch without a terminal (%i columns; lines do not wrap)', async (columns) => {
    expectGolden('health-watch-lines', `${(await healthRows()).map(renderHealthLine).join('\n')}\n`, { columns });
  });
});
