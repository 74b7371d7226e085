import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCircuitFailure } from '../../src/resilience/circuit-breaker.js';
import { recordLatencySample } from '../../src/resilience/latency-stats.js';
import { acquireLease, leaseKey, type LeaseState } from '../../src/resilience/leases.js';
import { rateKey, reserve, type RateState } from '../../src/resilience/rate-limiter.js';
import type { StateStore } from '../../src/spec/state.js';
import { openStore } from '../../src/store/index.js';
import { marchFixture } from '../helpers/attempt-record.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { expectGolden, GOLDEN_COLUMNS, goldenEnv } from '../helpers/golden.js';
import { tempDir as makeTempDir, useTempDirs } from '../helpers/temp-dir.js';

// The `costs` and `strategies` tables as the built CLI prints them, piped, against golden files
// (fixtures/golden/; UPDATE_GOLDEN=1 rewrites them). Only state whose rendering cannot change with
// the wall clock is used here; open circuits and 429 blocks are in the in-process goldens.
const tempDir = useTempDirs('llmx-golden-');

beforeAll(requireBuilt);

async function llmxStdout(args: string[], columns: number, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  const result = await runLlmx(args, { cwd, env: { ...goldenEnv(columns), ...env } });
  expect(result.code, `llmx ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return { stdout: result.stdout, stderr: result.stderr };
}

describe.each(GOLDEN_COLUMNS)('llmx costs at %i columns', (columns) => {
  /** The hand-priced March 2026 ledger. No budgets: their lines name today's date (see test/costs/costs-golden.test.ts). */
  async function marchLedger(): Promise<{ dir: string; args: string[] }> {
    const dir = tempDir();
    const db = join(dir, 'ledger.db');
    const store = await openStore({ path: db });
    store.ledger.insertMany(marchFixture());
    store.close();
    const config = join(dir, 'providers.yaml');
    writeFileSync(config, 'providers:\n  ollama:\n    type: ollama\n    base_url: http://127.0.0.1:9\n    models: [llama3.2]\n');
    return { dir, args: ['--config', config, '--db', db, 'costs', '--month', '2026-03', '--tz', 'UTC'] };
  }

  it.each([
    ['costs-by-provider', []],
    ['costs-by-model-day', ['--by', 'model,day']],
    ['costs-by-strategy-tag', ['--by', 'strategy', '--by', 'tag']],
  ])('%s', async (name, by) => {
    const { dir, args } = await marchLedger();
    const { stdout, stderr } = await llmxStdout([...args, ...by], columns, dir);
    expect(stderr).toBe('');
    expectGolden(name, stdout, { columns });
  });

  it('costs-empty: an empty ledger prints the same table with zero totals', async () => {
    const dir = tempDir();
    const { stdout } = await llmxStdout(['--db', join(dir, 'empty.db'), 'costs', '--month', '2026-03', '--tz', 'UTC'], columns, dir);
    expectGolden('costs-empty', stdout, { columns });
  });
});

/** Writes `value` under `key` through the store's own atomic update. */
function put<T>(state: StateStore, key: string, change: (current: T | undefined) => T): Promise<void> {
  return state.update([key], (current) => ({ set: { [key]: change(current.get(key) as T | undefined) }, result: undefined }));
}

describe.each(GOLDEN_COLUMNS)('llmx strategies at %i columns', (columns) => {
  const scratch = makeTempDir('llmx-golden-strategies-');
  const dir = scratch.path;
  let args: string[];
  afterAll(scratch.remove);

  beforeAll(async () => {
    const config = join(dir, 'providers.yaml');
    writeFileSync(
      config,
      [
        'providers:',
        '  openai: {type: openai, api_key: sk-test, base_url: "http://127.0.0.1:9/v1", models: [gpt-4o, gpt-4o-mini], rate_limit: {requests_per_minute: 60, tokens_per_minute: 90000}, failover: {max_failures: 2, recovery_timeout: 120}}',
        '  anthropic: {type: anthropic, api_key: sk-test, base_url: "http://127.0.0.1:9", models: [claude-sonnet-4-5], rate_limit: {requests_per_minute: 50}}',
        '  ollama: {type: ollama, base_url: "http://127.0.0.1:9", models: [llama3.2]}',
        '  vllm: {type: custom, api_key: "${GOLDEN_UNSET_KEY}", base_url: "http://127.0.0.1:9/v1", models: [qwen2.5-7b]}',
        'strategies:',
        '  default:',
        '    provider: openai',
        '    model: gpt-4o',
        '    fallback_providers: [anthropic, ollama]',
        '  spread:',
        '    type: weighted_round_robin',
        '    providers: {openai: 0.5, anthropic: 0.3, vllm: 0.2}',
        '  fastest:',
        '    type: performance_based',
        '    providers: [anthropic, ollama, vllm]',
        '',
      ].join('\n'),
    );
    const db = join(dir, 'llmx.db');
    const store = await openStore({ path: db });
    try {
      const nowMs = Date.now();
      // openai tripped ten minutes ago: its 120 s recovery has passed, so it shows half-open, whenever this runs.
      for (let i = 0; i < 2; i++) await recordCircuitFailure(store.state, 'openai', { maxFailures: 2, recoveryTimeoutMs: 120_000 }, nowMs - 600_000, 'server', '503 from openai');
      // Three reservations and one call in flight (a 10-minute lease). The reservations are stamped
      // four minutes ahead so that they stay inside the 60 s window however slowly this file runs.
      for (const [provider, tokens] of [['openai', 1200], ['openai', 800], ['anthropic', 500]] as const) {
        await put<RateState>(store.state, rateKey(provider), (current) => {
          const reservation = reserve(current, {}, provider, nowMs + 240_000, `golden-${tokens}`, tokens);
          if (!reservation.ok) throw new Error(reservation.message);
          return reservation.state;
        });
      }
      await put<LeaseState>(store.state, leaseKey('anthropic'), (current) => acquireLease(current, 'golden-lease', nowMs, 600_000));
      for (const latencyMs of [900, 700]) await recordLatencySample(store.state, 'anthropic', { ok: true, latencyMs, ttftMs: latencyMs / 4 }, nowMs);
      await recordLatencySample(store.state, 'ollama', { ok: true, latencyMs: 350, ttftMs: null }, nowMs);
    } finally {
      store.close();
    }
    args = ['--config', config, '--db', db];
  });

  it('strategies-list', async () => {
    const { stdout, stderr } = await llmxStdout([...args, 'strategies'], columns, dir);
    // The table notes vllm's missing key itself; `strategies` prints no config warnings today.
    expect(stderr).toBe('');
    expectGolden('strategies-list', stdout, { columns });
  });

  it.each([
    ['strategies-explain-default', ['default']],
    ['strategies-explain-fastest-stream', ['fastest', '--stream']],
  ])('%s', async (name, explain) => {
    const { stdout } = await llmxStdout([...args, 'strategies', 'explain', ...explain], columns, dir);
    expectGolden(name, stdout, { columns });
  });

  it('strategies-none: a config without strategies says how to call one provider', async () => {
    const bare = join(dir, 'bare.yaml');
    writeFileSync(bare, 'providers:\n  ollama: {type: ollama, base_url: "http://127.0.0.1:9", models: [llama3.2]}\n');
    const { stdout } = await llmxStdout(['--config', bare, '--db', join(dir, 'bare.db'), 'strategies'], columns, dir);
    expect(stdout).toBe(`no strategies in bare.yaml; \`llmx ask --provider NAME\` calls one provider directly\n`);
  });
});
