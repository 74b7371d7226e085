import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A scratch directory removed by the returned function. */
export function tempDir(prefix = 'llmx-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Call at a test file's top level: returns a maker of fresh temp directories, each removed after its test. */
export function useTempDirs(prefix = 'llmx-test-'): () => string {
  const made: Array<() => void> = [];
  afterEach(() => {
    for (const remove of made.splice(0)) remove();
  });
  return () => {
    const dir = tempDir(prefix);
    made.push(dir.remove);
    return dir.path;
  };
}
