import { describe, expect, it } from 'vitest';
import { requireBuilt, ROOT, spawnNode } from '../helpers/cli.js';

// Runs examples/library.mjs as a user would: node, the built package, the simulator on loopback.
describe('examples/library.mjs', () => {
  it('routes through round robin, weighted round robin and a failover chain', async () => {
    requireBuilt();
    const entry = (await import(`${ROOT}dist/index.js`)) as Record<string, unknown>;
    expect(typeof entry.ProviderManager, 'dist/index.js lacks ProviderManager: src/index.ts must re-export src/routing/index.ts').toBe('function');
    const { code, stdout, stderr } = await spawnNode('examples/library.mjs', [], { timeoutMs: 20_000 }).result;
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((line) => line.split(' ')[1])).toEqual(['openai', 'anthropic', 'ollama']);
    expect(lines[3]).toBe('weighted_round_robin: {"openai":5,"anthropic":3,"ollama":2}');
    expect(lines[4]).toBe('failover: anthropic answered after openai:error openai:error anthropic:ok');
    expect(lines[5]).toBe('failover: openai circuit open; next call would try anthropic');
  });
});
