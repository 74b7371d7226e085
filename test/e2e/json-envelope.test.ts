import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, spawnLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// With --json, stdout always carries exactly one envelope: on success, and on every failure
// (usage 2, config 3, budget 5, Ctrl-C 130), whether or not the command got to print its own.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let config: string;
let db: string;

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({ providers: [{ name: 'primary', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 4 }] });
  dir = tempDir('llmx-json-');
  config = writeSimProvidersYaml(dir.path, sim, ['strategies:', '  default:', '    provider: primary'], { primary: ['retry:', '  max_attempts: 1'] });
  db = join(dir.path, 'llmx.db');
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

/** stdout parsed as one JSON document (JSON.parse fails on two envelopes or stray text). */
function envelope(stdout: string) {
  return JSON.parse(stdout) as { schema_version: number; command: string; data: { error?: { message: string; error_class: string | null; exit_code: number } }; warnings: string[] };
}

describe('--json on failure', () => {
  it('a bad flag value: exit 2 and an error envelope naming the command and the flag', async () => {
    const result = await runLlmx(['--json', '--config', config, '--db', db, 'ask', '--max-tokens', '0', 'hi']);
    expect(result.code).toBe(2);
    const out = envelope(result.stdout);
    expect(out).toMatchObject({ schema_version: 1, command: 'ask', warnings: [] });
    expect(out.data.error).toEqual({ message: expect.stringContaining('--max-tokens'), error_class: null, exit_code: 2 });
    expect(result.stderr).toMatch(/--max-tokens/);
  });

  it("an unknown option, which commander rejects before any command runs: exit 2, commander's line without its prefix", async () => {
    const result = await runLlmx(['config', 'show', '--bogus', '--json']);
    expect(result.code).toBe(2);
    const out = envelope(result.stdout);
    expect(out.command).toBe('config show');
    expect(out.data.error).toEqual({ message: "unknown option '--bogus'", error_class: null, exit_code: 2 });
  });

  it('a missing config file: exit 3', async () => {
    const result = await runLlmx(['--json', '--config', join(dir.path, 'missing.yaml'), '--db', db, 'costs']);
    expect(result.code).toBe(3);
    const out = envelope(result.stdout);
    expect(out.command).toBe('costs');
    expect(out.data.error?.exit_code).toBe(3);
    expect(out.data.error?.message).toContain('missing.yaml');
  });

  it('a budget gate that fails after the command printed its report: still one envelope, exit 5', async () => {
    const budgeted = join(dir.path, 'budgeted.yaml');
    writeFileSync(budgeted, `${readFileSync(config, 'utf8')}budgets:\n  daily_budget: 0.000001\n  alert_threshold: 0.5\n`);
    const asked = await runLlmx(['--config', budgeted, '--db', db, 'ask', '--no-stream', 'spend something']);
    expect(asked.code).toBe(0);
    const result = await runLlmx(['--json', '--config', budgeted, '--db', db, 'costs', '--check']);
    expect(result.code).toBe(5);
    const out = envelope(result.stdout);
    expect(out.command).toBe('costs');
    expect(out.data).toHaveProperty('totals');
  });

  it('Ctrl-C while a provider hangs: exit 130 and an envelope saying so', async () => {
    sim.update('primary', { script: ['hang'] });
    const run = spawnLlmx(['ask', '--json', '--config', config, '--db', db, '-v', 'wait for it']);
    await run.waitFor('stderr', (stderr) => (/attempt 1/.test(stderr) ? true : undefined));
    run.child.kill('SIGINT');
    const result = await run.result;
    expect(result.code).toBe(130);
    expect(envelope(result.stdout).data.error).toEqual({ message: 'interrupted', error_class: null, exit_code: 130 });
  });

  it('a command that already printed its failure envelope (ask) prints no second one', async () => {
    sim.update('primary', { errorRates: { '500': 1 } });
    // Its own database: the failure counts toward primary's circuit.
    const result = await runLlmx(['--json', '--config', config, '--db', join(dir.path, 'failing.db'), 'ask', '--no-stream', 'hi']);
    sim.update('primary', { errorRates: {} });
    expect(result.code).toBe(4);
    const out = envelope(result.stdout);
    expect(out.data.error?.exit_code).toBe(4);
    expect(out.data).toHaveProperty('attempts');
  });
});

describe('--json where a command has no JSON output', () => {
  it.each([['metrics'], ['demo']])('llmx %s --json is refused with exit 2 before doing anything', async (name) => {
    const result = await runLlmx([name, '--json', '--config', config, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`llmx: --json: llmx ${name} has no JSON output; run it without --json\n`);
    expect(envelope(result.stdout)).toMatchObject({ command: name, data: { error: { exit_code: 2 } } });
  });

  it('a --json after -- is part of the prompt, not the option', async () => {
    const result = await runLlmx(['--config', config, '--db', db, 'ask', '--no-stream', '--', '--json']);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).toThrow();
  });
});
