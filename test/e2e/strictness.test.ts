import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { printsJson } from '../../src/commands/index.js';
import { commandPath } from '../../src/commands/output.js';
import { NothingConfiguredError } from '../../src/spec/errors.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, spawnLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// What CI relies on: nothing configured is exit 3 everywhere; --strict makes an unavailable provider
// fatal; --json is honoured or refused (exit 2), never ignored.
let dir: { path: string; remove: () => void };

beforeAll(() => {
  requireBuilt();
  dir = tempDir('llmx-strict-');
});
afterAll(() => dir?.remove());

describe('nothing configured', () => {
  it('health exits 3 with the same line as ask (it exited 0 with "no providers configured")', async () => {
    const [health, ask] = await Promise.all([runLlmx(['health'], { cwd: dir.path }), runLlmx(['ask', 'hi'], { cwd: dir.path })]);
    expect(health.code).toBe(3);
    expect(ask.code).toBe(3);
    expect(health.stderr).toBe(`llmx: ${new NothingConfiguredError().message}\n`);
    expect(ask.stderr).toBe(health.stderr);
    expect(health.stdout).toBe('');
  });

  it('health --json prints the error envelope with exit code 3', async () => {
    const result = await runLlmx(['health', '--json'], { cwd: dir.path });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).data.error).toMatchObject({ exit_code: 3, message: expect.stringContaining('nothing is configured') });
  });
});

describe('config validate --strict', () => {
  it('passes a usable config with an unavailable provider, and --strict refuses it naming each one (exit 3)', async () => {
    const config = join(dir.path, 'partly.yaml');
    writeFileSync(
      config,
      [
        'providers:',
        '  local: {type: ollama, base_url: "http://127.0.0.1:9", models: [llama3.2]}',
        '  openai: {api_key: "${STRICT_TEST_UNSET_KEY}", models: [gpt-4o-mini]}',
        '  claude: {type: anthropic, api_key: "${STRICT_TEST_OTHER_KEY}"}',
      ].join('\n'),
    );
    const plain = await runLlmx(['--config', config, 'config', 'validate']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe(`ok: ${config}: 3 providers (2 unavailable), 0 strategies\n`);
    const strict = await runLlmx(['--config', config, 'config', 'validate', '--strict']);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toBe('');
    expect(strict.stderr.split('\n')).toEqual(
      expect.arrayContaining([
        `llmx: ${config}: --strict: unavailable: openai, claude`,
        '  openai: ${STRICT_TEST_UNSET_KEY} is not set',
        '  claude: ${STRICT_TEST_OTHER_KEY} is not set',
      ]),
    );
    const json = await runLlmx(['--config', config, '--json', 'config', 'validate', '--strict']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).data.error.message).toBe(`${config}: --strict: unavailable: openai, claude`);
  });

  it('--strict passes when every provider is available', async () => {
    const config = join(dir.path, 'all.yaml');
    writeFileSync(config, 'providers:\n  local: {type: ollama, base_url: "http://127.0.0.1:9", models: [llama3.2]}\n');
    const result = await runLlmx(['--config', config, 'config', 'validate', '--strict']);
    expect(result.code, result.stderr).toBe(0);
  });
});

/** Every command a user can run (the leaves of the tree), by its path: "ask", "config show". */
function leafCommands(command: Command): Command[] {
  const own = command.commands.filter((child) => child.name() !== 'help');
  return own.length === 0 ? [command] : own.flatMap(leafCommands);
}

describe('--json on every command', () => {
  const leaves = leafCommands(buildProgram());
  const refusing = leaves.filter((command) => !printsJson(command)).map(commandPath);

  it('the commands without JSON output are exactly the ones meant to be (a new command must choose)', () => {
    expect(refusing.sort()).toEqual(['demo', 'metrics']);
  });

  it.each(refusing)('llmx %s --json is refused with exit 2 and an envelope, never ignored', async (path) => {
    const result = await runLlmx([...path.split(' '), '--json'], { cwd: dir.path });
    expect(result.code).toBe(2);
    const out = JSON.parse(result.stdout) as { command: string; data: { error: { message: string; exit_code: number } } };
    expect(out.command).toBe(path);
    expect(out.data.error).toMatchObject({ exit_code: 2, message: `--json: llmx ${path} has no JSON output; run it without --json` });
  });
});

describe('health --watch without a terminal', () => {
  let sim: RunningSimulator;
  afterAll(async () => sim?.close());

  it.each(['SIGINT', 'SIGTERM'] as const)('%s ends the rounds with exit 130 (it was killed by the signal)', async (signal) => {
    sim ??= await startSimulator({ providers: [{ name: 'solo', protocol: 'openai', models: ['gpt-4o-mini'] }] });
    const config = writeSimProvidersYaml(tempDir('llmx-strict-watch-').path, sim);
    const child = spawnLlmx(['--config', config, '--db', join(dir.path, `watch-${signal}.db`), 'health', '--watch', '--interval', '3600']);
    await child.waitFor('stdout', (text) => (text.includes('solo') ? true : undefined));
    child.child.kill(signal);
    const result = await child.result;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('llmx: interrupted\n');
  });
});
