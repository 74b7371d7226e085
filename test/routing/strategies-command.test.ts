import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCircuitFailure } from '../../src/resilience/circuit-breaker.js';
import { openStore } from '../../src/store/index.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// `llmx strategies` end to end: the built CLI, a providers.yaml, a real SQLite file with an open circuit.
let dir: ReturnType<typeof tempDir>;
let configPath: string;
let dbPath: string;

const yaml = `
providers:
  openai: {type: openai, api_key: sk-test, base_url: "http://127.0.0.1:9/v1", models: [gpt-4o, gpt-4o-mini], rate_limit: {requests_per_minute: 60}, failover: {max_failures: 2, recovery_timeout: 120}}
  anthropic: {type: anthropic, api_key: sk-test, base_url: "http://127.0.0.1:9", models: [claude-sonnet-4-5]}
  ollama: {type: ollama, base_url: "http://127.0.0.1:9", models: [llama3.2]}
strategies:
  default:
    provider: openai
    model: gpt-4o
    fallback_providers: [anthropic, ollama]
  spread:
    type: weighted_round_robin
    providers: {openai: 0.5, anthropic: 0.3, ollama: 0.2}
`;

function llmx(...args: string[]) {
  return runLlmx(['--config', configPath, '--db', dbPath, ...args]);
}

/** Runs a --json command and returns its envelope, failing with the CLI's stderr if it did not succeed. */
async function llmxJson(...args: string[]): Promise<any> {
  const { stdout, stderr, code } = await llmx(...args, '--json');
  expect(code, `llmx ${args.join(' ')} failed: ${stderr}`).toBe(0);
  return JSON.parse(stdout);
}

beforeAll(async () => {
  requireBuilt();
  dir = tempDir('llmx-strategies-');
  configPath = join(dir.path, 'providers.yaml');
  dbPath = join(dir.path, 'llmx.db');
  await writeFile(configPath, yaml);
  const store = await openStore({ path: dbPath });
  try {
    for (let i = 0; i < 2; i++) await recordCircuitFailure(store.state, 'openai', { maxFailures: 2, recoveryTimeoutMs: 120_000 }, Date.now(), 'server', '503 from openai');
  } finally {
    store.close();
  }
});
afterAll(() => dir?.remove());

describe('llmx strategies', () => {
  it('--json lists every strategy with its targets and live state', async () => {
    const envelope = await llmxJson('strategies');
    expect(envelope).toMatchObject({ schema_version: 1, command: 'strategies', warnings: [] });
    const [first, second] = envelope.data.strategies;
    expect(first).toMatchObject({ name: 'default', type: 'priority' });
    expect(first.targets.map((t: { provider: string; model: string }) => `${t.provider}:${t.model}`)).toEqual(['openai:gpt-4o', 'anthropic:claude-sonnet-4-5', 'ollama:llama3.2']);
    expect(first.targets[0]).toMatchObject({ circuit: 'open', available: false, in_flight: 0, latency_ewma_ms: null, rate: { requests_per_minute: 60, requests_remaining: 60 } });
    expect(first.targets[0].circuit_retry_in_ms).toBeGreaterThan(100_000);
    expect(first.targets[0].circuit_retry_in_ms).toBeLessThanOrEqual(120_000);
    expect(first.targets[1]).toMatchObject({ circuit: 'closed', available: true });
    expect(second).toMatchObject({ name: 'spread', type: 'weighted_round_robin' });
  });

  it('prints a table per strategy with the open circuit and its time left', async () => {
    const { stdout, code } = await llmx('strategies');
    expect(code).toBe(0);
    expect(stdout).toContain('default [default] (priority)');
    expect(stdout).toMatch(/openai +gpt-4o +open \(probe (\d+m )?\d+s\)/);
    expect(stdout).not.toContain('\u001b[');
  });

  it('explain says what would be tried now and why, calling nothing', async () => {
    const { data } = await llmxJson('strategies', 'explain', 'default');
    expect(data.would_try).toEqual({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(data.decision.reason).toMatch(/^priority chain: openai \(gpt-4o\) first as configured; then anthropic, ollama\. Now: skipping openai \(circuit open; probe in \d+\.\d s\), so anthropic would be tried$/);
    const text = await llmx('strategies', 'explain', 'spread', '--model', 'gpt-4o-mini');
    expect(text.stdout).toContain('order: openai (gpt-4o-mini) -> anthropic (claude-sonnet-4-5) -> ollama (llama3.2)');
    expect(text.stdout).toContain("why: weighted round robin: openai's turn (weight 50% of calls)");
  });

  it('explain does not advance the rotation', async () => {
    const first = (await llmxJson('strategies', 'explain', 'spread')).data.decision.targets;
    const second = (await llmxJson('strategies', 'explain', 'spread')).data.decision.targets;
    expect(second).toEqual(first);
  });

  it('an unknown strategy is one line, exit 2', async () => {
    const { stderr, code } = await llmx('strategies', 'explain', 'nope');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('llmx: strategy nope: no such strategy (configured: default, spread)');
  });
});
