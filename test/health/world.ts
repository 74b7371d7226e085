import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { startSimulator, type RunningSimulator, type SimProviderSpec } from '../../src/sim/index.js';
import type { Config } from '../../src/spec/config.js';
import type { AttemptRecord } from '../../src/spec/ledger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { attemptRecord } from '../helpers/attempt-record.js';
import { simProvidersYaml } from '../helpers/sim-config.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A real simulator, a providers.yaml pointing at it, and a real SQLite file, all in a temp dir. */
export interface World {
  dir: string;
  sim: RunningSimulator;
  configPath: string;
  dbPath: string;
  config: Config;
  store: Store;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Extra top-level YAML (failover:, budgets:, strategies:). */
  extraYaml?: string;
  /** Extra provider entries written verbatim under providers: (e.g. one whose key is unset). */
  extraProvidersYaml?: string;
  /** Extra keys for every simulated provider, e.g. { timeout_ms: 500 }. */
  providerFields?: Record<string, string | number>;
}

export async function startWorld(specs: SimProviderSpec[], options: WorldOptions = {}): Promise<World> {
  const { path: dir, remove } = tempDir('llmx-health-');
  const sim = await startSimulator({ providers: specs, seed: 7 }, { port: 0 });
  const fields = Object.entries(options.providerFields ?? {}).map(([key, value]) => `${key}: ${value}`);
  const text = simProvidersYaml(sim, { apiKey: 'sk-test-key', everyProvider: ['retry: {max_attempts: 1}', ...fields], timeoutMs: 10_000 });
  // Verbatim provider entries belong under providers:, before the top-level extras.
  const configPath = join(dir, 'providers.yaml');
  await writeFile(configPath, [text.trimEnd(), options.extraProvidersYaml, options.extraYaml].filter(Boolean).join('\n') + '\n');
  const config = await loadConfig({ configPath, cwd: dir, env: { HOME: dir } });
  const dbPath = join(dir, 'llmx.db');
  const store = await openStore({ path: dbPath });
  return {
    dir,
    sim,
    configPath,
    dbPath,
    config,
    store,
    close: async () => {
      store.close();
      await sim.close();
      remove();
    },
  };
}

/** A ledger row with this suite's defaults (a fresh id, now, provider "p"); override what the test is about. */
export function attempt(overrides: Partial<AttemptRecord>): AttemptRecord {
  return attemptRecord({
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    startedAtMs: Date.now(),
    strategy: null,
    provider: 'p',
    modelRequested: 'test-model',
    modelAnswered: 'test-model',
    inputTokens: 10,
    outputTokens: 5,
    inputPricePerMTok: 1,
    outputPricePerMTok: 2,
    cachedInputPricePerMTok: null,
    costUsd: 0.001,
    ...overrides,
  });
}
