import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

// Runs examples/library.mjs as a user would: node, the built package, the simulator on loopback.
describe('examples/library.mjs', () => {
  it('routes through round robin, weighted round robin and a failover chain', async () => {
    expect(existsSync(`${root}dist/index.js`), 'dist/ is missing: run `npm run build` first').toBe(true);
    const entry = (await import(`${root}dist/index.js`)) as Record<string, unknown>;
    expect(typeof entry.ProviderManager, 'dist/index.js lacks ProviderManager: src/index.ts must re-export src/routing/index.ts').toBe('function');
    const { stdout } = await run(process.execPath, ['examples/library.mjs'], { cwd: root, timeout: 20_000 });
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((line) => line.split(' ')[1])).toEqual(['openai', 'anthropic', 'ollama']);
    expect(lines[3]).toBe('weighted_round_robin: {"openai":5,"anthropic":3,"ollama":2}');
    expect(lines[4]).toBe('failover: anthropic answered after openai:error openai:error anthropic:ok');
    expect(lines[5]).toBe('failover: openai circuit open; next call would try anthropic');
  });
});
