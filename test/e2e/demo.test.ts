import { describe, expect, it } from 'vitest';
import { requireBuilt, runLlmx } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

// The README's promise: one command shows the main job working with no keys and no network.
describe('llmx demo', () => {
  it('runs every scene offline and ends with what it spent', async () => {
    requireBuilt();
    const dir = tempDir('llmx-demo-test-');
    try {
      const result = await runLlmx(['demo'], { cwd: dir.path, timeoutMs: 90_000 });
      expect(result.code, result.stderr).toBe(0);
      const out = result.stdout;
      // Round robin across three separate processes reaches all three providers.
      const rotation = out.slice(out.indexOf('2. Round robin'), out.indexOf('3. Failover'));
      for (const provider of ['sim-openai', 'sim-anthropic', 'sim-ollama']) expect(rotation + result.stderr).toContain(provider);
      // Failover: the fallback answered and the failing provider's circuit is open in `llmx strategies`.
      expect(result.stderr).toMatch(/failover sim-openai\/\S+ -> sim-anthropic/);
      expect(out).toMatch(/sim-openai\s+[^\n]*open \(probe /);
      // Health shows the failing provider down; bench and costs close the tour.
      expect(out).toMatch(/sim-openai\s+openai\s+down/);
      expect(out).toContain('4. Health');
      expect(out).toMatch(/bench \S+: closed loop/);
      expect(out).toMatch(/Costs for \d{4}-\d{2}/);
      expect(out).toMatch(/Total\s+\d+/);
    } finally {
      dir.remove();
    }
  }, 120_000);
});
