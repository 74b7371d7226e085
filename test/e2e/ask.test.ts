import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, spawnLlmx, writeSimProvidersYaml } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// `llmx ask` end to end: the built CLI, the official SDKs, the simulator on loopback, a real SQLite file.
let sim: RunningSimulator;
let dir: { path: string; remove: () => void };
let config: string;
let db: string;

const strategies = [
  'failover:',
  '  max_failures: 5',
  '  recovery_timeout: 60',
  'strategies:',
  '  default:',
  '    provider: primary',
  '    fallback_providers: [secondary, local]',
  '  local_first:',
  '    provider: local',
  '    fallback_providers: [primary]',
];

beforeAll(async () => {
  requireBuilt();
  sim = await startSimulator({
    providers: [
      { name: 'primary', protocol: 'openai', models: ['gpt-4o-mini'], outputTokens: 8 },
      { name: 'secondary', protocol: 'anthropic', models: ['claude-haiku-4-5'], outputTokens: 8 },
      { name: 'local', protocol: 'ollama', models: ['llama3.2'], outputTokens: 8 },
    ],
  });
  dir = tempDir('llmx-ask-');
  config = writeSimProvidersYaml(dir.path, sim, strategies, { primary: ['retry:', '  max_attempts: 2', '  backoff_factor: 1'] });
});

afterAll(async () => {
  await sim?.close();
  dir?.remove();
});

beforeEach(() => {
  db = join(dir.path, `${Math.random().toString(36).slice(2)}.db`);
  for (const name of ['primary', 'secondary', 'local']) sim.update(name, { script: [], errorRates: {}, hangRate: 0, dropRate: 0 });
});

const ask = (args: string[], options: Parameters<typeof runLlmx>[1] = {}) => runLlmx(['ask', '--config', config, '--db', db, ...args], options);

describe('llmx ask', () => {
  it('answers through the default strategy: answer on stdout, one summary line on stderr', async () => {
    const result = await ask(['--no-stream', 'Say', 'hello']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split(/\s+/)).toHaveLength(8);
    expect(result.stderr).toMatch(/^primary gpt-4o-mini · \d+→8 tokens · \d+ ms · \$0\.\d+/m);
  });

  it('prints the versioned JSON envelope with usage, cost and attempts', async () => {
    const result = await ask(['--json', 'Say hello']);
    expect(result.code).toBe(0);
    const envelope = JSON.parse(result.stdout);
    expect(envelope).toMatchObject({ schema_version: 1, command: 'ask', warnings: [] });
    const data = envelope.data;
    expect(data).toMatchObject({ provider: 'primary', strategy: 'default', usage: { output_tokens: 8, estimated: false } });
    expect(data.text.split(' ')).toHaveLength(8);
    expect(typeof data.cost_usd).toBe('number');
    expect(data.cost_usd).toBeGreaterThan(0);
    expect(data.ttft_ms).toBeNull(); // --json without --stream does not stream
    expect(data.attempts).toEqual([expect.objectContaining({ provider: 'primary', status: 'ok' })]);
  });

  it('streams with --stream and reports time to first token', async () => {
    const result = await ask(['--stream', '--json', 'Stream it']);
    const data = JSON.parse(result.stdout).data;
    expect(data.ttft_ms).toBeGreaterThanOrEqual(0);
  });

  it('reads the prompt from standard input and appends it to the arguments', async () => {
    const withStdin = JSON.parse((await ask(['--json', 'Summarise:'], { input: 'one two three four five six seven eight nine ten' })).stdout).data;
    const argsOnly = JSON.parse((await ask(['--json', 'Summarise:'])).stdout).data;
    expect(withStdin.usage.input_tokens).toBeGreaterThan(argsOnly.usage.input_tokens);
  });

  it('fails over to the next provider after the retries on a failing one, and records every attempt', async () => {
    sim.update('primary', { script: [500, 503] });
    const result = await ask(['--json', 'Are you there?']);
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout).data;
    expect(data.provider).toBe('secondary');
    expect(data.attempts.map((a: { provider: string; status: string }) => `${a.provider}:${a.status}`)).toEqual(['primary:error', 'primary:error', 'secondary:ok']);
    const costs = JSON.parse((await runLlmx(['costs', '--json', '--db', db, '--config', config])).stdout).data;
    expect(costs.totals.requests).toBe(3);
    expect(costs.totals.failures).toBe(2);
  });

  it('does not fail over a 400: the next provider would refuse the same request', async () => {
    sim.update('primary', { script: [400] });
    const before = sim.stats('secondary').requests;
    const result = await ask(['--no-stream', 'bad request']);
    expect(result.code).toBe(4);
    expect(sim.stats('secondary').requests).toBe(before);
    expect(result.stderr).toMatch(/primary/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 4 with one line per attempt when every attempt fails', async () => {
    for (const name of ['primary', 'secondary', 'local']) sim.update(name, { errorRates: { '500': 1 } });
    const result = await ask(['--no-stream', 'anyone?']);
    expect(result.code).toBe(4);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^llmx: all \d+ attempt\(s\) failed for strategy default/);
    for (const name of ['primary', 'secondary', 'local']) expect(result.stderr).toMatch(new RegExp(`^\\s+${name}\\b.*500`, 'm'));
  });

  it('--json prints the envelope on failure too, with every attempt', async () => {
    for (const name of ['primary', 'secondary', 'local']) sim.update(name, { errorRates: { '503': 1 } });
    const result = await ask(['--json', 'anyone?']);
    expect(result.code).toBe(4);
    const envelope = JSON.parse(result.stdout);
    expect(envelope.command).toBe('ask');
    expect(envelope.data.error).toMatchObject({ exit_code: 4 });
    expect(envelope.data.text).toBeNull();
    expect(new Set(envelope.data.attempts.map((a: { provider: string }) => a.provider))).toEqual(new Set(['primary', 'secondary', 'local']));
    expect(envelope.data.attempts.every((a: { status: string; http_status: number | null }) => a.status === 'error' && a.http_status === 503)).toBe(true);
  });

  it('keeps the partial answer when a stream breaks after its first token, without failing over', async () => {
    sim.update('primary', { script: ['drop'] });
    const before = sim.stats('secondary').requests;
    const result = await ask(['--stream', 'tell me a story']);
    expect(result.code).toBe(4);
    expect(result.stdout.trim().length).toBeGreaterThan(0);
    expect(sim.stats('secondary').requests).toBe(before);
  });

  it('names the provider and the key source on a 401, never the key', async () => {
    const secret = 'sk-test-0123456789abcdefSECRET';
    const authSim = await startSimulator({ providers: [{ name: 'locked', protocol: 'openai', apiKey: 'the-right-key' }] });
    try {
      const authDir = tempDir('llmx-auth-');
      const authConfig = join(authDir.path, 'providers.yaml');
      writeFileSync(authConfig, `providers:\n  locked:\n    type: openai\n    api_key: \${LOCKED_KEY}\n    base_url: ${authSim.providers.locked.baseUrl}\n    models: [gpt-4o-mini]\n`);
      const result = await runLlmx(['ask', '--config', authConfig, '--db', join(authDir.path, 'db'), '--provider', 'locked', '-v', 'hi'], { env: { LOCKED_KEY: secret } });
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/locked/);
      expect(result.stderr).toMatch(/LOCKED_KEY/);
      expect(result.stderr + result.stdout).not.toContain(secret);
      expect(authSim.stats('locked').requests).toBe(1); // a 401 is not retried
      authDir.remove();
    } finally {
      await authSim.close();
    }
  });

  it('--explain says what would be tried and why without calling any provider', async () => {
    const before = ['primary', 'secondary', 'local'].map((name) => sim.stats(name).requests);
    const result = await ask(['--explain', '--strategy', 'local_first', 'hello']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/local/);
    expect(['primary', 'secondary', 'local'].map((name) => sim.stats(name).requests)).toEqual(before);
  });

  it('rejects bad input with one line and the documented exit code', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--strategy', 'nope', 'hi'], 2, /strategy nope: no such strategy/],
      [['--provider', 'nope', 'hi'], 2, /--provider nope: no such provider/],
      [['--max-tokens', 'ten', 'hi'], 2, /--max-tokens: expected a positive integer, got "ten"/],
      [['--temperature', '7', 'hi'], 2, /--temperature: expected a number from 0 to 2/],
      [['--tag', 'novalue', 'hi'], 2, /--tag "novalue": expected key=value/],
    ];
    for (const [args, code, message] of cases) {
      const result = await ask(args);
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    const badConfig = join(dir.path, 'bad.yaml');
    writeFileSync(badConfig, 'providers:\n  x:\n    type: nonsense\n');
    const result = await runLlmx(['ask', '--config', badConfig, '--db', db, 'hi']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/bad\.yaml:3:\d+: providers\.x\.type/);
  });

  it('says that nothing is configured, and how to see llmx work, when there is no config at all', async () => {
    const empty = tempDir('llmx-empty-');
    try {
      const result = await runLlmx(['ask', 'hi'], { cwd: empty.path });
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/nothing is configured: no providers\.yaml .*`llmx demo`/);
    } finally {
      empty.remove();
    }
  });

  it('accepts global options after the subcommand as well as before it', async () => {
    const before = await runLlmx(['--config', config, '--db', db, '--json', 'ask', 'hi']);
    const after = await runLlmx(['ask', 'hi', '--json', '--config', config, '--db', db]);
    expect(JSON.parse(before.stdout).command).toBe('ask');
    expect(JSON.parse(after.stdout).command).toBe('ask');
  });

  it('exits 130 on Ctrl-C while a provider hangs', async () => {
    sim.update('primary', { script: ['hang'] });
    const run = spawnLlmx(['ask', '--config', config, '--db', db, '--no-stream', '-v', 'wait for it']);
    // -v logs each attempt as it starts: interrupt once the request is in flight.
    await run.waitFor('stderr', (stderr) => (/attempt 1/.test(stderr) ? true : undefined));
    run.child.kill('SIGINT');
    const result = await run.result;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted/);
  });
});
