import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// `ask` is the default command: a prompt with no subcommand is asked, options and stdin included.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let config: string;

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({ providers: [{ name: 'primary', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 5 }] });
  dir = tempDir('llmx-bare-');
  config = writeSimProvidersYaml(dir.path, sim, ['strategies:', '  default:', '    provider: primary']);
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

const db = () => join(dir.path, `${Math.random().toString(36).slice(2)}.db`);

describe('a bare prompt means ask', () => {
  it('llmx "what is 2+2" answers as llmx ask does, global and ask options included', async () => {
    const before = sim.stats('primary').requests;
    const result = await runLlmx(['--config', config, '--db', db(), 'what is 2+2', '--max-tokens', '5', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { command: string; data: { text: string; provider: string; usage: { output_tokens: number } } };
    expect(out.command).toBe('ask');
    expect(out.data.provider).toBe('primary');
    expect(out.data.usage.output_tokens).toBe(5);
    expect(sim.stats('primary').requests).toBe(before + 1);
  });

  it('echo text | llmx reads the prompt from standard input', async () => {
    const result = await runLlmx(['--config', config, '--db', db(), '--no-color'], { input: 'what is 2+2\n' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split(/\s+/)).toHaveLength(5);
    expect(result.stderr).toMatch(/^primary gpt-4o-mini · /m);
  });

  it('several words are one prompt, as with ask', async () => {
    const result = await runLlmx(['--config', config, '--db', db(), '--json', 'what', 'is', '2+2']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).command).toBe('ask');
  });

  it('a word that is a subcommand runs the subcommand', async () => {
    const result = await runLlmx(['--config', config, '--db', db(), 'strategies']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^default/m);
  });

  it('one word that is a typo of a subcommand is refused (exit 2), not sent and billed', async () => {
    const before = sim.stats('primary').requests;
    const result = await runLlmx(['--config', config, '--db', db(), 'halth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("llmx: unknown command 'halth' (did you mean health?); to send it as a prompt: llmx ask halth\n");
    expect(sim.stats('primary').requests).toBe(before);
    const asked = await runLlmx(['--config', config, '--db', db(), '--json', 'ask', 'halth']);
    expect(asked.code, asked.stderr).toBe(0);
  });

  it('--help says so', async () => {
    const result = await runLlmx(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain('A prompt without a subcommand is asked: `llmx "what is 2+2"` and `echo text | llmx`');
  });
});

describe('option suggestions', () => {
  it('--strat suggests --strategy (a prefix of it), not --stream', async () => {
    const result = await runLlmx(['ask', '--strat', 'fast', 'hi']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--strat'\n(Did you mean --strategy?)");
  });

  it('a prefix of several options names them all; a typo that is no prefix keeps the edit-distance guess', async () => {
    const several = await runLlmx(['ask', '--str', 'hi']);
    expect(several.stderr).toContain('(Did you mean one of --strategy, --stream?)');
    const typo = await runLlmx(['ask', '--stram', 'hi']);
    expect(typo.stderr).toContain('(Did you mean --stream?)');
    const global = await runLlmx(['costs', '--wid']);
    expect(global.stderr).toContain('(Did you mean --wide?)');
  });
});
