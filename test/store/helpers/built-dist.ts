import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(ROOT, 'bin', 'llmx.js');

/** The source trees the spawned children run from dist/. */
const WATCHED = ['src/store', 'src/ledger', 'src/budget', 'src/pricing', 'src/spec', 'src/commands/costs.ts', 'src/config'];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(path, entry.name)) : entry.name.endsWith('.ts') ? [join(full, entry.name)] : []));
}

function isStale(): boolean {
  for (const source of WATCHED.flatMap(sourceFiles)) {
    const built = join(ROOT, 'dist', relative(join(ROOT, 'src'), source)).replace(/\.ts$/, '.js');
    try {
      if (statSync(built).mtimeMs < statSync(source).mtimeMs) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Child processes (the CLI, concurrent writers) run the built JS. Rebuild when our sources are newer
 * than dist/, tolerating type errors in other engineers' half-written files (tsc still emits).
 * A lock directory keeps parallel test files from building at once.
 */
export async function ensureBuilt(): Promise<void> {
  if (!isStale()) return;
  const lock = join(tmpdir(), 'llmx-test-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      if (lockIsAbandoned(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await delay(200); // another test file is building; its result is what we want
      if (!isStale()) return;
    }
  }
  try {
    if (!isStale()) return;
    await new Promise<void>((resolve) => {
      execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT }, () => resolve());
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A lock whose holder died (killed test run) or that is older than any build takes. */
function lockIsAbandoned(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > 300_000) return true;
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
