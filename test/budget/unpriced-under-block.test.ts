import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// A model with no price cannot slip past a blocking budget: built CLI, real SDKs, simulator on loopback.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({
    providers: [
      { name: 'mystery', protocol: 'openai', models: ['mystery-model'], outputTokens: 4 },
      { name: 'priced', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 4 },
    ],
  });
  dir = tempDir('llmx-unpriced-');
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

function configWith(name: string, lines: string[]): string {
  const sub = join(dir.path, name);
  mkdirSync(sub, { recursive: true });
  return writeSimProvidersYaml(sub, sim, lines, { mystery: ['timeout_ms: 30000'], priced: ['timeout_ms: 30000'] });
}

describe('an unpriced model under a blocking budget', () => {
  it('is refused before any network call (exit 5), naming the model and how to price it', async () => {
    const config = configWith('block', ['budgets:', '  daily_budget: 0.00001', '  on_exceed: block']);
    const before = sim.stats('mystery').requests;
    const result = await runLlmx(['ask', '--config', config, '--db', join(dir.path, 'block.db'), '--provider', 'mystery', 'hello'], { cwd: dir.path });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^llmx: .*no price is known for mystery\/mystery-model.*global daily budget \(on_exceed: block\).*pricing: in providers\.yaml or with llmx prices import, or set budgets\.allow_unpriced: true/);
    expect(sim.stats('mystery').requests).toBe(before);
  });

  it('is skipped like a budget-blocked target when a priced one can serve', async () => {
    const config = configWith('fallback', ['strategies:', '  default:', '    provider: mystery', '    fallback_providers: [priced]', 'budgets:', '  daily_budget: 1', '  on_exceed: local_only']);
    const before = sim.stats('mystery').requests;
    const result = await runLlmx(['ask', '--config', config, '--db', join(dir.path, 'fallback.db'), '--json', 'hello'], { cwd: dir.path });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).data).toMatchObject({ provider: 'priced', cost_source: 'computed' });
    expect(sim.stats('mystery').requests).toBe(before);
  });

  it('serves with budgets.allow_unpriced: true, its cost unknown', async () => {
    const config = configWith('allowed', ['budgets:', '  daily_budget: 1', '  on_exceed: block', '  allow_unpriced: true']);
    const result = await runLlmx(['ask', '--config', config, '--db', join(dir.path, 'allowed.db'), '--provider', 'mystery', '--json', 'hello'], { cwd: dir.path });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).data).toMatchObject({ provider: 'mystery', cost_usd: null, cost_source: 'unknown' });
  });

  it('is not refused under a warn budget', async () => {
    const config = configWith('warn', ['budgets:', '  daily_budget: 1', '  on_exceed: warn']);
    const result = await runLlmx(['ask', '--config', config, '--db', join(dir.path, 'warn.db'), '--provider', 'mystery', 'hello'], { cwd: dir.path });
    expect(result.code, result.stderr).toBe(0);
  });
});
