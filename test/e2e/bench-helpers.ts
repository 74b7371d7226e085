import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { SimProviderInfo } from '../../src/sim/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'bin', 'llmx.js');

/** What the spawned CLI runs from dist/ for bench. */
const WATCHED = ['src/bench', 'src/commands/bench.ts', 'src/ui/bench-progress.tsx', 'src/providers', 'src/ledger', 'src/store', 'src/spec'];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(path, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(full, entry.name)] : [],
  );
}

function isStale(): boolean {
  for (const source of WATCHED.flatMap(sourceFiles)) {
    const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), source)).replace(/\.tsx?$/, '.js');
    try {
      if (statSync(built).mtimeMs < statSync(source).mtimeMs) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Rebuilds dist/ when bench's sources are newer (tsc emits despite others' type errors); one builder at a time. */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), 'llmx-test-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      await delay(200);
      if (!isStale()) return;
    }
  }
  try {
    if (!isStale()) return;
    await new Promise<void>((resolve) => execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT }, () => resolve()));
  } finally {
    rmdirSync(lock);
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function spawnLlmx(args: string[]): ChildProcess & { result: Promise<RunResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', CI: '1', LLMX_CONFIG: '', LLMX_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const result = new Promise<RunResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return Object.assign(child, { result, stderrSoFar: () => stderr });
}

export function runLlmx(args: string[]): Promise<RunResult> {
  return spawnLlmx(args).result;
}

/** A providers.yaml for the simulator's providers, with a short timeout so a scripted hang times out. */
export function writeProvidersYaml(dir: string, providers: Record<string, SimProviderInfo>, extra: string[] = []): string {
  const lines = ['providers:'];
  for (const [name, provider] of Object.entries(providers)) {
    lines.push(`  ${name}:`, `    type: ${provider.protocol}`, '    api_key: sim-key');
    lines.push(provider.protocol === 'azure_openai' ? `    endpoint: ${provider.baseUrl}` : `    base_url: ${provider.baseUrl}`);
    lines.push(`    models: [${provider.models.join(', ')}]`, '    timeout_ms: 1500');
  }
  lines.push(...extra);
  const path = join(dir, 'providers.yaml');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
