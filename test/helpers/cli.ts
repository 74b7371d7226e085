import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './root.js';

export { ROOT };
/** End-to-end tests run the built CLI, as a user does; `npm test` builds first. */
export const LLMX = join(ROOT, 'bin', 'llmx.js');

/**
 * Fails with one clear line when dist/ has not been built. Spawned children (the CLI, helper
 * scripts) run the built JS; `npm test` builds before vitest starts.
 */
export function requireBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli.js'))) throw new Error('dist/bundle/cli.js is missing: run `npm run build` first (npm test does)');
}

export interface RunResult {
  code: number | null;
  /** The signal that ended the child, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables added to (and overriding) the child's base environment. */
  env?: NodeJS.ProcessEnv;
  /** Text written to the child's stdin (then closed); without it stdin is /dev/null. */
  input?: string;
  /** Working directory; default the repository root. For `llmx` also its HOME and XDG base. */
  cwd?: string;
  /** Kill the child after this long (a safety net on a loaded machine, not an assertion). Default 90 s. */
  timeoutMs?: number;
  /** Run inside this network namespace (`ip netns exec NAME`; test/helpers/netns.ts). */
  netns?: string;
}

/** A running child whose output is collected as it arrives. */
export interface Spawned {
  child: ChildProcess;
  /** Settles when the child has exited and its pipes have closed. */
  result: Promise<RunResult>;
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the first value `probe` returns (not undefined) for the output collected so far,
   * checked on every chunk; rejects if the child exits first.
   */
  waitFor<T>(stream: 'stdout' | 'stderr', probe: (text: string) => T | undefined): Promise<T>;
}

/**
 * The environment `llmx` runs in: no user config, database, keys or colour; TZ=UTC; CI set so no
 * Ink view starts. `options.env` is laid over it.
 */
function scrubbedEnv(options: RunOptions): NodeJS.ProcessEnv {
  const home = options.cwd ?? tmpdir();
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'no-config'),
    XDG_DATA_HOME: join(home, 'no-data'),
    NO_COLOR: '1',
    TZ: 'UTC',
    CI: '1',
    COLUMNS: '160',
    ...options.env,
  };
}

/**
 * Spawns `node script ...args` and collects its output. The child inherits this process's
 * environment plus `options.env` (use `spawnLlmx` for the CLI's scrubbed one).
 */
export function spawnNode(script: string, args: string[], options: RunOptions = {}): Spawned {
  return start(script, args, options.env === undefined ? undefined : { ...process.env, ...options.env }, options);
}

/** Spawns `llmx` in the scrubbed environment and hands back the child, for tests that signal it or read it mid-run. */
export function spawnLlmx(args: string[], options: RunOptions = {}): Spawned {
  return start(LLMX, args, scrubbedEnv(options), options);
}

/** Runs `llmx` to completion without blocking this process (where the simulator it talks to lives). */
export function runLlmx(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return spawnLlmx(args, options).result;
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv | undefined, options: RunOptions): Spawned {
  const [command, argv] = options.netns === undefined ? [process.execPath, [script, ...args]] : ['ip', ['netns', 'exec', options.netns, process.execPath, script, ...args]];
  const child = spawn(command, argv, { cwd: options.cwd ?? ROOT, env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  const text = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    text.stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    text.stderr += chunk;
    for (const listener of listeners) listener();
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  const result = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: text.stdout, stderr: text.stderr });
    });
  });
  const waitFor = <T>(stream: 'stdout' | 'stderr', probe: (text: string) => T | undefined): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const value = probe(text[stream]);
        if (value === undefined) return false;
        listeners.delete(check);
        resolve(value);
        return true;
      };
      if (check()) return;
      listeners.add(check);
      void result.then((run) => {
        if (listeners.delete(check)) reject(new Error(`the child exited (code ${run.code}, signal ${run.signal}) before its ${stream} matched; stderr: ${run.stderr}`));
      }, reject);
    });
  return { child, result, stdout: () => text.stdout, stderr: () => text.stderr, waitFor };
}

/** The complete lines of `text` (a trailing partial line is left out until its newline arrives). */
export function completeLines(text: string): string[] {
  return text.split('\n').slice(0, -1);
}

export { writeSimProvidersYaml } from './sim-config.js';
