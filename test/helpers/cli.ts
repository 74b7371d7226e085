import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningSimulator } from '../../src/sim/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** End-to-end tests run the built CLI, as a user does; `npm test` builds first. */
export const LLMX = join(ROOT, 'bin', 'llmx.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Text written to the child's stdin (then closed); without it stdin is /dev/null. */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Runs `llmx` in a scrubbed environment (no user config, database, keys or colour; TZ=UTC; CI set so
 * no Ink view starts) without blocking this process, where the simulator it talks to lives.
 */
export function runLlmx(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LLMX, ...args], {
      cwd: options.cwd ?? ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: options.cwd ?? tmpdir(),
        XDG_CONFIG_HOME: join(options.cwd ?? tmpdir(), 'no-config'),
        XDG_DATA_HOME: join(options.cwd ?? tmpdir(), 'no-data'),
        NO_COLOR: '1',
        TZ: 'UTC',
        CI: '1',
        COLUMNS: '160',
        ...options.env,
      },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.input !== undefined) child.stdin?.end(options.input);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A scratch directory removed by the returned function. */
export function tempDir(prefix = 'llmx-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A providers.yaml pointing at the simulator's providers (type = protocol), plus `extra` lines
 * (strategies, failover, budgets...). Keys are the simulator's placeholder, never a real secret.
 */
export function writeSimProvidersYaml(
  dir: string,
  sim: Pick<RunningSimulator, 'providers'>,
  extra: string[] = [],
  perProvider: Record<string, string[]> = {},
): string {
  const lines = ['providers:'];
  for (const [name, provider] of Object.entries(sim.providers)) {
    lines.push(`  ${name}:`, `    type: ${provider.protocol}`, '    api_key: sim-key');
    lines.push(provider.protocol === 'azure_openai' ? `    endpoint: ${provider.baseUrl}` : `    base_url: ${provider.baseUrl}`);
    lines.push(`    models: [${provider.models.join(', ')}]`, '    timeout_ms: 3000');
    for (const line of perProvider[name] ?? []) lines.push(`    ${line}`);
  }
  lines.push(...extra);
  const path = join(dir, 'providers.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Spawns `llmx` and hands back the child, for tests that signal it mid-run. */
export function spawnLlmx(args: string[], options: RunOptions = {}) {
  const child = spawn(process.execPath, [LLMX, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), NO_COLOR: '1', TZ: 'UTC', CI: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, result, stdout: () => stdout, stderr: () => stderr };
}
