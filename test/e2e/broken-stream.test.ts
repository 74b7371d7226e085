import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// A stream broken after its first text (each protocol's in-band error: OpenAI `data: {"error":...}`,
// Anthropic `event: error` overloaded_error, an Ollama `{"error":...}` line), reported and billed
// honestly: the built CLI, the official SDKs, the simulator's stream_error, a real SQLite ledger.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let config: string;
let db: string;

const PROMPT = 'tell me a long story about the sea';
const PROMPT_WORDS = PROMPT.split(' ').length;

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({
    providers: [
      { name: 'openai', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 10 },
      { name: 'anthropic', protocol: 'anthropic', models: ['claude-haiku-4-5'], outputTokens: 10 },
      { name: 'ollama', protocol: 'ollama', models: ['llama3.2'], outputTokens: 10 },
      { name: 'backup', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 10 },
    ],
  });
  dir = tempDir('llmx-broken-stream-');
  const chain = ['strategies:', '  default:', '    provider: openai', '    fallback_providers: [backup]'];
  config = writeSimProvidersYaml(dir.path, sim, chain);
  // A loaded machine must not turn a slow answer into a timeout.
  writeFileSync(config, readFileSync(config, 'utf8').replaceAll('timeout_ms: 3000', 'timeout_ms: 30000'));
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

beforeEach(() => {
  db = join(dir.path, `${Math.random().toString(36).slice(2)}.db`);
});

function rows(path: string): Array<Record<string, unknown>> {
  const handle = new Database(path, { readonly: true });
  const all = handle.prepare('SELECT * FROM attempts ORDER BY id').all() as Array<Record<string, unknown>>;
  handle.close();
  return all;
}

describe.each([
  // Anthropic's message_start reports the input count before the error: the server's count is kept.
  { provider: 'anthropic', errorClass: 'overloaded', serverInput: true },
  { provider: 'openai', errorClass: 'server', serverInput: false },
  { provider: 'ollama', errorClass: 'server', serverInput: false },
])('$provider: a stream that ends with an error event after text', ({ provider, errorClass, serverInput }) => {
  it('keeps the text, lists the attempt with its class, and bills the partial answer', async () => {
    sim.update(provider, { script: ['stream_error'] });
    const backupBefore = sim.stats('backup').requests;
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', provider, '--stream', '--json', PROMPT]);
    expect(result.code).toBe(4);
    const data = JSON.parse(result.stdout).data;
    // Three words reached the reader before the error.
    expect(data.text.trim().split(/\s+/)).toHaveLength(3);
    expect(data.attempts).toEqual([expect.objectContaining({ provider, status: 'error', error_class: errorClass })]);
    expect(data.error).toMatchObject({ exit_code: 4, error_class: errorClass });
    expect(data.usage.estimated).toBe(true);
    expect(data.usage.output_tokens).toBeGreaterThanOrEqual(3);
    if (serverInput) expect(data.usage.input_tokens).toBe(PROMPT_WORDS);
    else expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(sim.stats('backup').requests).toBe(backupBefore);

    const [row] = rows(db);
    expect(row).toMatchObject({
      request_id: data.request_id,
      provider,
      status: 'error',
      error_class: errorClass,
      input_tokens: data.usage.input_tokens,
      output_tokens: data.usage.output_tokens,
      tokens_estimated: 1,
    });
    if (provider === 'ollama') {
      expect(row.cost_usd).toBe(0); // local: free, but its tokens are still counted
      expect(data.cost_usd).toBe(0);
    } else {
      expect(row.cost_usd as number).toBeGreaterThan(0);
      expect(data.cost_usd).toBeCloseTo(row.cost_usd as number, 12);
    }
  });
});

describe('without --json', () => {
  it('the partial answer is on stdout and stderr says it is incomplete and what it used', async () => {
    sim.update('openai', { script: ['stream_error'] });
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--provider', 'openai', '--stream', PROMPT]);
    expect(result.code).toBe(4);
    expect(result.stdout.trim().split(/\s+/)).toHaveLength(3);
    expect(result.stderr).toMatch(/^llmx: note: the answer above is incomplete \(the stream broke\); it used \d+→\d+ tokens \(estimated\), \$0\.\d+$/m);
  });

  it('a stream broken through a strategy is not failed over (the text was seen) and its attempts are listed', async () => {
    sim.update('openai', { script: ['stream_error'] });
    const backupBefore = sim.stats('backup').requests;
    const result = await runLlmx(['ask', '--config', config, '--db', db, '--stream', '--json', PROMPT]);
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout).data.attempts).toEqual([expect.objectContaining({ provider: 'openai', status: 'error' })]);
    expect(sim.stats('backup').requests).toBe(backupBefore);
  });
});
