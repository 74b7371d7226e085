import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// A server that refuses `stream_options` (older Azure api-versions, some OpenAI-compatible servers),
// end to end: the built CLI, the openai SDK, the simulator's reject_stream_options, a real SQLite file.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let db: string;

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({
    providers: [
      { name: 'compat', protocol: 'openai', models: ['local-model'], outputTokens: 6, wire: { rejectStreamOptions: true } },
      { name: 'azure', protocol: 'azure_openai', models: ['gpt-4o-mini'], outputTokens: 6, wire: { rejectStreamOptions: true } },
    ],
  });
  dir = tempDir('llmx-stream-options-');
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

beforeEach(() => {
  db = join(dir.path, `${Math.random().toString(36).slice(2)}.db`);
});

function configWith(extra: { compat?: string[] } = {}): string {
  const lines = [
    'providers:',
    '  compat:',
    '    type: custom',
    `    base_url: ${sim.providers.compat.baseUrl}`,
    '    models: [local-model]',
    '    retry: {max_attempts: 1}',
    ...(extra.compat ?? []).map((line) => `    ${line}`),
    '  azure:',
    '    type: azure_openai',
    '    api_key: sim-key',
    `    endpoint: ${sim.providers.azure.baseUrl}`,
    '    api_version: 2024-10-21',
    '    models: [gpt-4o-mini]',
  ];
  const path = join(dir.path, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const outcomes = (name: string) => ({ ...sim.stats(name).byOutcome });

describe('a server that refuses stream_options', () => {
  it('is asked again at once without it, says so with -v, and both attempts are reported', async () => {
    const config = configWith();
    const before = outcomes('compat');
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'compat', '--stream', '--json', '-v', 'hello there']);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout).data;
    expect(data.text.split(' ')).toHaveLength(6);
    // The refused attempt is not held against retry.max_attempts: 1.
    expect(data.attempts).toEqual([
      expect.objectContaining({ provider: 'compat', status: 'error', http_status: 400, error_class: 'bad_request' }),
      expect.objectContaining({ provider: 'compat', status: 'ok' }),
    ]);
    // Without stream_options the server sends no usage: counted locally, and marked so.
    expect(data.usage).toMatchObject({ output_tokens: 6, estimated: true });
    expect(result.stderr).toMatch(/retry compat\/local-model in 0 ms \(attempt 2\): the server refused stream_options: asking again at once without it \(remembered for compat for a day; stream_usage: false stops sending it\)/);
    expect(outcomes('compat')['400']).toBe((before['400'] ?? 0) + 1);
    expect(outcomes('compat').ok).toBe((before.ok ?? 0) + 1);
  });

  it('is remembered in the shared state: the next process leaves stream_options out from the first attempt', async () => {
    const config = configWith();
    await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'compat', '--stream', 'first']);
    const before = outcomes('compat');
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'compat', '--stream', '--json', '-v', 'second']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).data.attempts).toEqual([expect.objectContaining({ status: 'ok' })]);
    expect(outcomes('compat')['400'] ?? 0).toBe(before['400'] ?? 0);
    expect(result.stderr).toMatch(/attempt 1 compat\/local-model stream without stream_options \(the server refused it before\)/);
  });

  it('stream_usage: false never sends it', async () => {
    const config = configWith({ compat: ['stream_usage: false'] });
    const before = outcomes('compat');
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'compat', '--stream', '--json', 'hi']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).data.attempts).toHaveLength(1);
    expect(outcomes('compat')['400'] ?? 0).toBe(before['400'] ?? 0);
  });

  it('azure: the same through AzureOpenAI on a modern api-version', async () => {
    const config = configWith();
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'azure', '--stream', '--json', 'hi']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).data.attempts.map((attempt: { status: string }) => attempt.status)).toEqual(['error', 'ok']);
  });

  it('a non-streaming call never carries it and is answered at once', async () => {
    const config = configWith();
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'compat', '--no-stream', '--json', 'hi']);
    expect(JSON.parse(result.stdout).data.attempts).toHaveLength(1);
  });

  it('stream_usage is refused where it cannot apply, naming the types it is for', async () => {
    const path = join(dir.path, 'anthropic.yaml');
    writeFileSync(path, 'providers:\n  claude:\n    type: anthropic\n    api_key: k\n    stream_usage: false\n');
    const result = await runLlmx(['config', 'validate', '--config', path]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/anthropic\.yaml:5:19: providers\.claude\.stream_usage: only for type openai, azure_openai, custom \(anthropic always reports usage in its streams\)/);
  });
});
