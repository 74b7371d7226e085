import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { Config } from '../../src/spec/config.js';
import { ConfigError } from '../../src/spec/errors.js';
import { parseConfigText } from '../../src/config/index.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Parses `text` as providers.yaml with an explicit environment (never the real one). */
export function parse(text: string, env: NodeJS.ProcessEnv = {}): Config {
  return parseConfigText(text, 'providers.yaml', env);
}

/** Asserts that parsing fails with exactly `message` (the whole one line) and exit code 3. */
export function expectConfigError(run: () => unknown, message: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ConfigError "${message}"`).toBeInstanceOf(ConfigError);
  expect((caught as ConfigError).message).toBe(message);
  expect((caught as ConfigError).exitCode).toBe(3);
}

export async function expectConfigErrorAsync(run: () => Promise<unknown>, message: string): Promise<void> {
  await expect(run()).rejects.toSatisfy((error: unknown) => error instanceof ConfigError && error.message === message && error.exitCode === 3);
}

/** A temporary directory tree; `files` maps relative paths to contents. */
export function tempTree(files: Record<string, string> = {}): { root: string; write(path: string, text: string): string; remove(): void } {
  const { path: root, remove } = tempDir('llmx-config-');
  const write = (path: string, text: string): string => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { root, write, remove };
}

/** The smallest valid config, for tests that vary one section. */
export const MINIMAL = `providers:
  openai:
    type: openai
    api_key: sk-test-0000000000000000000000
    models: [gpt-4o-mini]
  anthropic:
    type: anthropic
    api_key: sk-ant-test-00000000000000000000
    models: [claude-haiku-4-5]
  ollama:
    type: ollama
    models: [llama3.2]
`;
