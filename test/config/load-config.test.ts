import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, resolveConfigPath } from '../../src/config/index.js';
import { expectConfigErrorAsync, tempTree } from './helpers.js';

const CONFIG = (model: string) => `providers:\n  ollama:\n    models: [${model}]\n`;

describe('discovery: --config, $LLMX_CONFIG, ./providers.yaml, $XDG_CONFIG_HOME/llmx/providers.yaml', () => {
  let tree: ReturnType<typeof tempTree>;
  afterEach(() => tree.remove());

  /** Every location holds a config naming a different model, so the one read is visible. */
  function everywhere() {
    tree = tempTree({
      'explicit.yaml': CONFIG('from-flag'),
      'env.yaml': CONFIG('from-llmx-config'),
      'work/providers.yaml': CONFIG('from-cwd'),
      'xdg/llmx/providers.yaml': CONFIG('from-xdg'),
      'home/.config/llmx/providers.yaml': CONFIG('from-home'),
    });
    const cwd = `${tree.root}/work`;
    const env = { LLMX_CONFIG: `${tree.root}/env.yaml`, XDG_CONFIG_HOME: `${tree.root}/xdg`, HOME: `${tree.root}/home` };
    return { cwd, env };
  }
  const modelOf = async (options: Parameters<typeof loadConfig>[0]) => (await loadConfig(options)).providers.ollama.models[0];

  it('walks the order, each step falling through to the next', async () => {
    const { cwd, env } = everywhere();
    expect(await modelOf({ cwd, env, configPath: '../explicit.yaml' })).toBe('from-flag');
    expect(await modelOf({ cwd, env })).toBe('from-llmx-config');
    const withoutLlmxConfig = { ...env, LLMX_CONFIG: undefined };
    expect(await modelOf({ cwd, env: withoutLlmxConfig })).toBe('from-cwd');
    tree.remove();
    tree.write('xdg/llmx/providers.yaml', CONFIG('from-xdg'));
    tree.write('home/.config/llmx/providers.yaml', CONFIG('from-home'));
    tree.write('work/.keep', '');
    expect(await modelOf({ cwd, env: withoutLlmxConfig })).toBe('from-xdg');
    // Without XDG_CONFIG_HOME (or with a relative one, which XDG says to ignore): ~/.config.
    expect(await modelOf({ cwd, env: { HOME: env.HOME } })).toBe('from-home');
    expect(await modelOf({ cwd, env: { HOME: env.HOME, XDG_CONFIG_HOME: 'relative/dir' } })).toBe('from-home');
  });

  it('resolveConfigPath returns the path, or null for environment-only', async () => {
    const { cwd, env } = everywhere();
    expect(resolveConfigPath({ cwd, env })).toBe(`${tree.root}/env.yaml`);
    expect(resolveConfigPath({ cwd, env: { HOME: `${tree.root}/nowhere` } })).toBe(`${cwd}/providers.yaml`);
    expect(resolveConfigPath({ cwd: tree.root, env: { HOME: `${tree.root}/nowhere` } })).toBeNull();
  });

  it('with no file anywhere the environment alone configures llmx', async () => {
    tree = tempTree({ 'work/.keep': '' });
    const config = await loadConfig({ cwd: `${tree.root}/work`, env: { HOME: tree.root, OPENAI_API_KEY: 'sk-0000000000000000000000000' } });
    expect(config.source).toBe('environment');
    expect(Object.keys(config.providers)).toEqual(['openai']);
  });

  it('names a missing explicit file and where it was named', async () => {
    tree = tempTree();
    await expectConfigErrorAsync(() => loadConfig({ cwd: tree.root, env: {}, configPath: 'nope.yaml' }), 'cannot read nope.yaml (named by --config): no such file');
    await expectConfigErrorAsync(() => loadConfig({ cwd: tree.root, env: { LLMX_CONFIG: `${tree.root}/gone.yaml` } }), 'cannot read gone.yaml (named by LLMX_CONFIG): no such file');
    await expectConfigErrorAsync(() => loadConfig({ cwd: tree.root, env: {}, configPath: '.' }), `cannot read ${tree.root} (named by --config): is a directory`);
  });

  it('messages name the file relative to the working directory, or absolute outside it', async () => {
    tree = tempTree({ 'work/conf/bad.yaml': 'providers:\n  ollama:\n    timeout_ms: -1\n', 'elsewhere.yaml': 'providers: []\n' });
    const cwd = `${tree.root}/work`;
    await expectConfigErrorAsync(() => loadConfig({ cwd, env: {}, configPath: 'conf/bad.yaml' }), 'conf/bad.yaml:3:17: providers.ollama.timeout_ms: expected a positive integer, got -1');
    await expectConfigErrorAsync(() => loadConfig({ cwd, env: {}, configPath: '../elsewhere.yaml' }), `${tree.root}/elsewhere.yaml:1:12: providers: expected a mapping, got a list`);
  });
});

describe('.env', () => {
  let tree: ReturnType<typeof tempTree>;
  afterEach(() => tree.remove());

  it('is loaded from cwd, feeds interpolation and discovery, and the real environment wins', async () => {
    tree = tempTree({
      '.env': 'LLMX_CONFIG=conf.yaml\nOPENAI_API_KEY=sk-from-dotenv-000000000000000\nOLLAMA_MODEL=from-dotenv\n',
      'conf.yaml': 'providers:\n  openai:\n    api_key: ${OPENAI_API_KEY}\n  ollama:\n    models: ["${OLLAMA_MODEL}"]\n',
    });
    const fromFile = await loadConfig({ cwd: tree.root, env: { HOME: tree.root } });
    expect(fromFile.source).toBe('conf.yaml');
    expect(resolveConfigPath({ cwd: tree.root, env: { HOME: tree.root } })).toBe(`${tree.root}/conf.yaml`);
    expect(fromFile.providers.openai).toMatchObject({ apiKey: 'sk-from-dotenv-000000000000000', apiKeySource: 'OPENAI_API_KEY' });
    expect(fromFile.providers.ollama.models).toEqual(['from-dotenv']);
    const overridden = await loadConfig({ cwd: tree.root, env: { HOME: tree.root, OLLAMA_MODEL: 'from-real-env' } });
    expect(overridden.providers.ollama.models).toEqual(['from-real-env']);
  });

  it('an unset ${VAR} in .env and the environment disables only that provider', async () => {
    tree = tempTree({
      '.env': 'OPENAI_API_KEY=sk-from-dotenv-000000000000000\nbroken line\n',
      'providers.yaml': 'providers:\n  openai:\n    api_key: ${OPENAI_API_KEY}\n  anthropic:\n    api_key: ${ANTHROPIC_API_KEY}\n',
    });
    const config = await loadConfig({ cwd: tree.root, env: { HOME: tree.root } });
    expect(config.providers.openai.unavailableReason).toBeUndefined();
    expect(config.providers.anthropic.unavailableReason).toBe('${ANTHROPIC_API_KEY} is not set');
    expect(config.warnings).toEqual([
      '.env:2: ignored a line that is not KEY=VALUE',
      'providers.yaml:5:14: provider "anthropic" is unavailable: ${ANTHROPIC_API_KEY} is not set',
    ]);
  });
});
