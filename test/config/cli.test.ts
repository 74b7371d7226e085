import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { NothingConfiguredError } from '../../src/spec/errors.js';
import { tempTree } from './helpers.js';

const SIXTY = fileURLToPath(new URL('../../fixtures/config/broken-sixty.yaml', import.meta.url));
const KEY = 'sk-proj-CLItestKEYq8vN3xK7mP2wR5tY9uB4cE6h5678';

describe('llmx config (the built CLI)', () => {
  let tree: ReturnType<typeof tempTree>;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    requireBuilt();
    tree = tempTree({
      'providers.yaml': [
        'providers:',
        '  openai:',
        '    api_key: ${OPENAI_API_KEY}',
        '    models: [gpt-4o-mini]',
        '  anthropic:',
        '    api_key: ${ANTHROPIC_API_KEY}',
        'strategies:',
        '  default: {provider: openai, fallback_providers: [anthropic]}',
        '',
      ].join('\n'),
      'empty/.keep': '',
    });
    env = { HOME: tree.root, OPENAI_API_KEY: KEY };
  });
  afterAll(() => tree.remove());

  it('show prints YAML with the key masked and warnings on stderr', async () => {
    const run = await runLlmx(['config', 'show'], { cwd: tree.root, env });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(KEY);
    expect(run.stderr).not.toContain(KEY);
    expect(run.stdout).toContain('api_key: sk-…5678\n');
    expect(run.stdout).toContain('api_key_source: OPENAI_API_KEY\n');
    expect(run.stdout).toContain('unavailable: ${ANTHROPIC_API_KEY} is not set\n');
    expect(run.stderr).toBe('llmx: warning: providers.yaml:6:14: provider "anthropic" is unavailable: ${ANTHROPIC_API_KEY} is not set\n');
  });

  it('show --json prints the envelope with data {source, config}', async () => {
    const run = await runLlmx(['config', 'show', '--json'], { cwd: tree.root, env });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(KEY);
    const envelope = JSON.parse(run.stdout);
    expect(envelope).toMatchObject({ schema_version: 1, command: 'config show', data: { source: 'providers.yaml' } });
    expect(envelope.data.config.providers.openai.api_key).toBe('sk-…5678');
    expect(envelope.warnings).toEqual(['providers.yaml:6:14: provider "anthropic" is unavailable: ${ANTHROPIC_API_KEY} is not set']);
    expect(run.stderr).toBe('');
  });

  it('validate: ok line and exit 0; the one-line error and exit 3; nothing configured is exit 3', async () => {
    const [ok, broken, nothing] = await Promise.all([
      runLlmx(['config', 'validate'], { cwd: tree.root, env }),
      runLlmx(['--config', SIXTY, 'config', 'validate'], { cwd: tree.root, env }),
      runLlmx(['config', 'validate'], { cwd: `${tree.root}/empty`, env: { HOME: tree.root } }),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('ok: providers.yaml: 2 providers (1 unavailable), 1 strategy\n');
    expect(broken.code).toBe(3);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toBe(`llmx: ${SIXTY}:12:28: providers.openai.rate_limit.requests_per_minute: expected a positive integer, got "sixty"\n`);
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toBe(`llmx: ${new NothingConfiguredError().message}\n`);
  });

  it('validate refuses what ask refuses, in ask\'s words: a default strategy with no usable provider, or none usable at all', async () => {
    // Was "ok" (exit 0) for both while `llmx ask` exited 3.
    const noKeys = { HOME: tree.root };
    const [validate, ask] = await Promise.all([
      runLlmx(['config', 'validate'], { cwd: tree.root, env: noKeys }),
      runLlmx(['ask', '--db', `${tree.root}/ask.db`, 'hi'], { cwd: tree.root, env: noKeys }),
    ]);
    expect(validate.code).toBe(3);
    expect(ask.code).toBe(3);
    const refusal = 'llmx: providers.yaml:8:3: strategy default: no usable provider (openai: unavailable: ${OPENAI_API_KEY} is not set; anthropic: unavailable: ${ANTHROPIC_API_KEY} is not set)';
    expect(validate.stderr.split('\n')).toContain(refusal);
    expect(ask.stderr.split('\n')).toContain(refusal);
  });
});
