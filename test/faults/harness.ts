import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SIM_UPSTREAM_PASSWORD } from '../../src/sim/fault-bodies.js';
import { startSimulator, type RunningSimulator, type SimProviderSpec } from '../../src/sim/index.js';
import { requireBuilt, runLlmx, spawnLlmx, type RunOptions, type RunResult, type Spawned } from '../helpers/cli.js';
import { writeSimProvidersYaml } from '../helpers/sim-config.js';
import { tempDir } from '../helpers/temp-dir.js';

// The fault suite's harness: the built CLI against the simulator's fault modes, a real SQLite file,
// and the checks every fault case makes whatever its fault (see README.md beside this file).

/** The key every faulty provider requires: it must never appear in any output, log or database. */
export const SECRET_KEY = 'sk-fault-4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99';
/** A password in a base URL's userinfo (item 4): just as secret. */
export const URL_PASSWORD = 'pw-fault-77aa88bb99cc';

export interface FaultEnv {
  sim: RunningSimulator;
  dir: string;
  config: string;
  /** A fresh database per test: see `freshDb`. */
  db: string;
  freshDb(): string;
  /** `llmx ARGS --config C --db D`, to completion. */
  run(args: string[], options?: RunOptions): Promise<RunResult>;
  spawn(args: string[], options?: RunOptions): Spawned;
  close(): Promise<void>;
}

export interface FaultProvider extends Omit<SimProviderSpec, 'apiKey'> {
  /** Lines added under the provider in providers.yaml (retry:, timeout_ms:, ...). */
  yaml?: string[];
  /** Put `user:URL_PASSWORD@` into its base_url (the simulator ignores userinfo). */
  userinfo?: boolean;
}

/** Starts the simulator with `providers` (each requiring SECRET_KEY) and writes a providers.yaml for them. */
export async function startFaultEnv(providers: FaultProvider[], extraYaml: string[] = []): Promise<FaultEnv> {
  requireBuilt();
  const sim = await startSimulator({ providers: providers.map(({ yaml: _yaml, userinfo: _userinfo, ...spec }) => ({ ...spec, apiKey: SECRET_KEY })) });
  const scratch = tempDir('llmx-faults-');
  const userinfo = new Set(providers.filter((provider) => provider.userinfo).map((provider) => provider.name));
  const config = writeSimProvidersYaml(scratch.path, sim, extraYaml, Object.fromEntries(providers.map((provider) => [provider.name, provider.yaml ?? []])), {
    apiKey: SECRET_KEY,
    timeoutMs: 5000,
    baseUrl: (name, url) => (userinfo.has(name) ? url.replace('http://', `http://fault-user:${URL_PASSWORD}@`) : url),
  });
  let counter = 0;
  const env: FaultEnv = {
    sim,
    dir: scratch.path,
    config,
    db: join(scratch.path, 'llmx-0.db'),
    freshDb: () => {
      env.db = join(scratch.path, `llmx-${++counter}.db`);
      return env.db;
    },
    run: (args, options) => runLlmx([...args, ...(args.includes('--config') ? [] : ['--config', config]), '--db', env.db], { cwd: scratch.path, ...options }),
    spawn: (args, options) => spawnLlmx([...args, '--config', config, '--db', env.db], { cwd: scratch.path, ...options }),
    close: async () => {
      await sim.close();
      scratch.remove();
    },
  };
  return env;
}

export interface LedgerRow {
  request_id: string;
  attempt: number;
  provider: string;
  status: 'ok' | 'error';
  error_class: string | null;
  http_status: number | null;
  error_message: string | null;
  input_tokens: number;
  output_tokens: number;
  tokens_estimated: number;
}

/** The attempts table as another process sees it (read-only, after the CLI exited). */
export function ledgerRows(db: string): LedgerRow[] {
  if (!existsSync(db)) return [];
  const handle = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return handle.prepare('SELECT request_id, attempt, provider, status, error_class, http_status, error_message, input_tokens, output_tokens, tokens_estimated FROM attempts ORDER BY id').all() as LedgerRow[];
  } finally {
    handle.close();
  }
}

export function integrityCheck(db: string): string {
  const handle = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return (handle.pragma('integrity_check') as Array<{ integrity_check: string }>).map((row) => row.integrity_check).join('; ');
  } finally {
    handle.close();
  }
}

/** The chat requests a provider has answered (or not) so far: the server's own count of attempts. */
export function serverHits(env: FaultEnv, provider: string): number {
  return env.sim.stats(provider).requests;
}

export interface FaultChecks {
  /** Hits per provider before the run (so the run's own attempts are the difference). */
  hitsBefore: Record<string, number>;
  /** The run printed a --json envelope whose attempts must match too. */
  json?: boolean;
  /** The run had -v: stack traces are then expected. */
  verbose?: boolean;
  /** Rows the run could not write (a SIGKILLed process's attempt in flight); default 0. */
  unrecordedAttempts?: number;
}

export interface FaultReport {
  rows: LedgerRow[];
  hits: number;
  envelope: { data: Record<string, any>; warnings: string[] } | undefined;
}

/**
 * What every fault case asserts, whatever the fault: no secret anywhere (stdout, stderr, the database
 * file's bytes), no stack trace without -v, `integrity_check` ok, and every attempt recorded exactly
 * once: ledger rows = server hits (= --json attempts).
 */
export function checkFaultRun(env: FaultEnv, result: RunResult, checks: FaultChecks): FaultReport {
  expectNoSecret([result.stdout, result.stderr], 'output');
  if (existsSync(env.db)) {
    expectNoSecret([readFileSync(env.db).toString('latin1')], 'database');
    expect(integrityCheck(env.db)).toBe('ok');
  }
  if (!checks.verbose) expect(result.stderr, 'a stack trace without -v').not.toMatch(STACK_LINE);
  const hits = Object.entries(checks.hitsBefore).reduce((sum, [name, before]) => sum + serverHits(env, name) - before, 0);
  const rows = ledgerRows(env.db);
  expect(rows.length, 'ledger rows = server hits').toBe(hits - (checks.unrecordedAttempts ?? 0));
  const attemptNumbers = new Set(rows.map((row) => `${row.request_id}#${row.attempt}`));
  expect(attemptNumbers.size, 'each attempt recorded once').toBe(rows.length);
  let envelope: FaultReport['envelope'];
  if (checks.json) {
    envelope = JSON.parse(result.stdout);
    expect(envelope!.data.attempts.length, '--json attempts = server hits').toBe(hits);
  }
  return { rows, hits, envelope };
}

/** Hits of every provider of the env now, for `checkFaultRun`'s hitsBefore. */
export function hitsNow(env: FaultEnv): Record<string, number> {
  return Object.fromEntries(Object.keys(env.sim.providers).map((name) => [name, serverHits(env, name)]));
}

// A V8 stack frame: "    at fn (file:line:col)" or "    at file:///...:line:col".
const STACK_LINE = /^\s+at .*(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;

export function expectNoSecret(texts: string[], where: string): void {
  for (const text of texts) {
    expect(text.includes(SECRET_KEY), `the API key in the ${where}`).toBe(false);
    expect(text.includes(URL_PASSWORD), `the URL password in the ${where}`).toBe(false);
    expect(text.includes(SIM_UPSTREAM_PASSWORD), `an echoed upstream URL's password in the ${where}`).toBe(false);
    // Not even a long fragment of the key (a redaction that keeps most of it is no redaction).
    expect(text.includes(SECRET_KEY.slice(0, 20)), `a fragment of the API key in the ${where}`).toBe(false);
  }
}
