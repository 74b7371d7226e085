import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/index.js';

// These spawn the built CLI (npm test builds first), as a user would run it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  const sources = ['src/commands/simulate.ts', ...readdirSync(`${root}src/sim`, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).map((file) => `src/sim/${file}`)];
  for (const source of sources) {
    const built = source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');
    const builtMs = statSync(`${root}${built}`, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (builtMs < statSync(`${root}${source}`).mtimeMs) throw new Error(`${built} is missing or older than ${source}: run \`npm run build\` first`);
  }
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function llmx(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['bin/llmx.js', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  return child;
}

/** Resolves with every stdout line up to and including the first that matches `done`. */
function readUntil(child: ChildProcessWithoutNullStreams, done: (line: string) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdout.on('data', (data: Buffer) => {
      buffer += data.toString();
      const lines = buffer.split('\n');
      const index = lines.findIndex(done);
      if (index >= 0) resolve(lines.slice(0, index + 1));
    });
    child.on('exit', (code) => reject(new Error(`llmx exited with ${code} before it was ready: ${stderr}`)));
  });
}

function finished(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('llmx simulate', () => {
  it('prints one line per provider and a ready line, serves the SDKs, and exits 0 on SIGINT', async () => {
    const child = llmx(['simulate']);
    const exit = finished(child);
    const lines = await readUntil(child, (line) => line.startsWith('ready '));
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

    child.kill('SIGINT');
    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toContain('stopped (SIGINT)');
  });

  it('--config with --json prints one envelope listing the file\'s providers', async () => {
    const child = llmx(['simulate', '--config', 'fixtures/sim/failing.yaml', '--json']);
    const exit = finished(child);
    const lines = await readUntil(child, (line) => line === '}');
    const envelope = JSON.parse(lines.join('\n'));
    expect(envelope).toMatchObject({ schema_version: 1, command: 'simulate', warnings: [] });
    expect(envelope.data.providers.map((provider: { name: string }) => provider.name)).toEqual([
      'flaky-openai', 'overloaded-anthropic', 'hanging-ollama', 'tiny-quota', 'keyed-azure', 'scripted',
    ]);
    expect(envelope.data.providers[4]).toMatchObject({ protocol: 'azure_openai', base_url: `${envelope.data.url}/keyed-azure`, models: ['gpt-4o-mini'] });
    expect(JSON.stringify(envelope)).not.toContain('sim-azure-key');
    child.kill('SIGTERM');
    expect((await exit).code).toBe(0);
  });

  it('a port in use is one clear line and exit 2', async () => {
    const busy = await startSimulator({ providers: [{ name: 'x', protocol: 'openai' }] });
    try {
      const { code, stderr } = await finished(llmx(['simulate', '--port', String(busy.port)]));
      expect(code).toBe(2);
      expect(stderr).toBe(`llmx: --port ${busy.port}: 127.0.0.1:${busy.port} is already in use\n`);
    } finally {
      await busy.close();
    }
  });

  it('a bad --port value is exit 2 and a bad config file is exit 3 with file:line', async () => {
    const badPort = await finished(llmx(['simulate', '--port', 'eighty']));
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toBe('llmx: --port: expected an integer between 0 and 65535, got "eighty"\n');
    const badConfig = await finished(llmx(['simulate', '--config', 'package.json']));
    expect(badConfig.code).toBe(3);
    expect(badConfig.stderr).toMatch(/^llmx: package\.json:2:3: name: unknown key \(expected providers or seed\)\n$/);
  });
});
