import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// Colour is for a terminal: every command piped into a file or `grep` prints plain text even with
// NO_COLOR unset; FORCE_COLOR colours a pipe on purpose, and --no-color wins over it.
let sim: RunningSimulator;
const scratch = tempDir('llmx-color-');
let args: string[];

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({ seed: 1, providers: [{ name: 'one', protocol: 'openai', models: ['gpt-4o-mini'], ttftMs: 1, msPerToken: 0, outputTokens: 4 }] }, { port: 0 });
  const config = writeSimProvidersYaml(scratch.path, sim, ['strategies:', '  default:', '    provider: one']);
  args = ['--config', config, '--db', join(scratch.path, 'llmx.db')];
});
afterAll(async () => {
  await sim?.close();
  scratch.remove();
});

const ESC = '\u001b[';
const COMMANDS: string[][] = [
  ['ask', '--no-stream', 'hello'],
  ['bench', '--providers', 'one', '-n', '2', '-c', '1', '--warmup', '0'],
  ['bench', '--providers', 'one', '-n', '2', '-c', '1', '--warmup', '0', '--compare', 'no-such-run'],
  ['health'],
  ['strategies'],
  ['strategies', 'explain', 'default'],
  ['costs'],
];

describe('colour only on a terminal', () => {
  it.each(COMMANDS)('llmx %s piped, NO_COLOR unset: no escape codes on stdout or stderr', async (...command) => {
    const result = await runLlmx([...args, ...command], { cwd: scratch.path, env: { NO_COLOR: '' } });
    expect(result.stdout.length + result.stderr.length).toBeGreaterThan(0);
    expect(result.stdout).not.toContain(ESC);
    expect(result.stderr).not.toContain(ESC);
  });

  it('FORCE_COLOR=1 colours a pipe (one header style: bold), and --no-color wins over it', async () => {
    const forced = await runLlmx([...args, 'health'], { cwd: scratch.path, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(`${ESC}1mprovider${ESC}22m`);
    expect(forced.stdout).toContain(`${ESC}32mhealthy${ESC}39m`);
    const flagged = await runLlmx([...args, 'health', '--no-color'], { cwd: scratch.path, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(flagged.stdout).not.toContain(ESC);
  });
});
