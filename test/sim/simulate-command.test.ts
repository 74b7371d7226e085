import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index.js';
import { requireBuilt, spawnLlmx, type Spawned } from '../helpers/cli.js';

// These spawn the built CLI (npm test builds first), as a user would run it.
const running: Spawned[] = [];

beforeAll(requireBuilt);
afterEach(() => {
  for (const { child } of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function llmx(args: string[]): Spawned {
  const run = spawnLlmx(args);
  running.push(run);
  return run;
}

/** Every stdout line up to and including the first that matches `done`, once it has arrived. */
function readUntil(run: Spawned, done: (line: string) => boolean): Promise<string[]> {
  return run.waitFor('stdout', (stdout) => {
    const lines = stdout.split('\n');
    const index = lines.findIndex(done);
    return index >= 0 ? lines.slice(0, index + 1) : undefined;
  });
}

describe('llmx simulate', () => {
  it('prints one line per provider and a ready line, serves the SDKs, and exits 0 on SIGINT', async () => {
    const run = llmx(['simulate']);
    const lines = await readUntil(run, (line) => line.startsWith('ready '));
    const url = lines[lines.length - 1].slice('ready '.length);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const rows = lines.slice(0, -1).map((line) => line.split(/\s+/));
    expect(rows).toEqual([
      ['sim-openai', 'openai', `${url}/sim-openai/v1`],
      ['sim-anthropic', 'anthropic', `${url}/sim-anthropic`],
      ['sim-ollama', 'ollama', `${url}/sim-ollama`],
      ['sim-azure', 'azure_openai', `${url}/sim-azure`],
      ['sim-custom', 'openai', `${url}/sim-custom/v1`],
    ]);
    const openai = new OpenAI({ baseURL: `${url}/sim-openai/v1`, apiKey: 'k', maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.usage?.completion_tokens).toBe(24);
    expect((await new Ollama({ host: `${url}/sim-ollama` }).list()).models[0].name).toBe('llama3.2:latest');

    run.child.kill('SIGINT');
    const { code, stderr } = await run.result;
    expect(code).toBe(0);
    expect(stderr).toContain('stopped (SIGINT)');
  });

  it('--config with --json prints one envelope listing the file\'s providers', async () => {
    const run = llmx(['simulate', '--config', 'fixtures/sim/failing.yaml', '--json']);
    const lines = await readUntil(run, (line) => line === '}');
    const envelope = JSON.parse(lines.join('\n'));
    expect(envelope).toMatchObject({ schema_version: 1, command: 'simulate', warnings: [] });
    expect(envelope.data.providers.map((provider: { name: string }) => provider.name)).toEqual([
      'flaky-openai', 'overloaded-anthropic', 'hanging-ollama', 'tiny-quota', 'keyed-azure', 'scripted',
    ]);
    expect(envelope.data.providers[4]).toMatchObject({ protocol: 'azure_openai', base_url: `${envelope.data.url}/keyed-azure`, models: ['gpt-4o-mini'] });
    expect(JSON.stringify(envelope)).not.toContain('sim-azure-key');
    run.child.kill('SIGTERM');
    expect((await run.result).code).toBe(0);
  });

  it('a port in use is one clear line and exit 2', async () => {
    const busy = await startSimulator({ providers: [{ name: 'x', protocol: 'openai' }] });
    try {
      const { code, stderr } = await llmx(['simulate', '--port', String(busy.port)]).result;
      expect(code).toBe(2);
      expect(stderr).toBe(`llmx: --port ${busy.port}: 127.0.0.1:${busy.port} is already in use\n`);
    } finally {
      await busy.close();
    }
  });

  it('a bad --port value is exit 2 and a bad config file is exit 3 with file:line', async () => {
    const badPort = await llmx(['simulate', '--port', 'eighty']).result;
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toBe('llmx: --port: expected a port number from 0 to 65535, got "eighty"\n');
    const badConfig = await llmx(['simulate', '--config', 'package.json']).result;
    expect(badConfig.code).toBe(3);
    expect(badConfig.stderr).toMatch(/^llmx: package\.json:2:3: name: unknown key \(expected providers or seed\)\n$/);
  });
});
