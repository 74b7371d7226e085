import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createAdapter } from '../../src/providers/index.js';
import { PROVIDER_TYPE_DESCRIPTORS } from '../../src/provider-types/index.js';
import { defaultSimulateConfig, startSimulator } from '../../src/sim/index.js';
import { PROTOCOLS } from '../../src/sim/protocols/index.js';
import { adapterConfig as providerConfig } from '../helpers/provider-config.js';

// No end-of-life model is a default anywhere a user meets one without choosing it: the types'
// descriptors, the simulator's model lists, `llmx simulate` and `llmx demo`, the demo config.

/** Shut down by their vendors (OpenAI 2026-10-23: gpt-4, gpt-3.5-turbo; Anthropic: Claude 3.x, Sonnet/Opus 4.0, Sonnet 4.5 on 2026-11-30). */
const END_OF_LIFE = [/^gpt-4(-0613)?$/, /^gpt-3\.5-turbo/, /^claude-3-/, /^claude-(sonnet|opus)-4-0$/, /^claude-(sonnet|opus)-4-2025/, /^claude-sonnet-4-5/];

function defaultModels(): Array<{ where: string; protocol: string; model: string }> {
  const found: Array<{ where: string; protocol: string; model: string }> = [];
  for (const descriptor of Object.values(PROVIDER_TYPE_DESCRIPTORS)) {
    if (descriptor.models.default) found.push({ where: `descriptor ${descriptor.type}`, protocol: descriptor.type, model: descriptor.models.default });
  }
  for (const [protocol, handler] of Object.entries(PROTOCOLS)) for (const model of handler.defaultModels) found.push({ where: `simulator ${protocol}`, protocol, model });
  for (const spec of defaultSimulateConfig().providers) for (const model of spec.models ?? []) found.push({ where: `llmx simulate ${spec.name}`, protocol: spec.protocol, model });
  for (const file of ['fixtures/config/demo.yaml', 'fixtures/sim/demo.yaml']) {
    type Listed = { type?: string; protocol?: string; models?: Array<string | { name: string }> };
    const doc = parseYaml(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as { providers: Record<string, Listed> | Listed[] };
    const providers: Listed[] = Array.isArray(doc.providers) ? doc.providers : Object.values(doc.providers);
    for (const provider of providers) {
      for (const model of provider.models ?? []) found.push({ where: file, protocol: provider.type ?? provider.protocol ?? '', model: typeof model === 'string' ? model : model.name });
    }
  }
  return found;
}

afterEach(() => vi.restoreAllMocks());

describe('current defaults', () => {
  it('no default model is one its vendor has shut down', () => {
    const models = defaultModels();
    expect(models.length).toBeGreaterThan(10);
    const endOfLife = models.filter(({ model }) => END_OF_LIFE.some((pattern) => pattern.test(model)));
    expect(endOfLife).toEqual([]);
  });

  it("@anthropic-ai/sdk warns about none of the Anthropic defaults (its own deprecation table)", async () => {
    const models = [...new Set(defaultModels().filter(({ protocol }) => protocol === 'anthropic').map(({ model }) => model))];
    expect(models).toContain('claude-sonnet-4-6');
    const sim = await startSimulator({ providers: [{ name: 'claude', protocol: 'anthropic', outputTokens: 2 }] });
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const adapter = await createAdapter(providerConfig('anthropic', { baseUrl: sim.providers.claude.baseUrl, models }));
      for (const model of models) await adapter.chat({ model, messages: [{ role: 'user', content: 'hi' }] });
      // The check can fail: the SDK does warn for the model these replaced.
      await adapter.chat({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] });
    } finally {
      vi.restoreAllMocks();
      await sim.close();
    }
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(written.filter((line) => /deprecated/i.test(line)).map((line) => line.match(/'([^']+)' is deprecated/)?.[1])).toEqual(['claude-sonnet-4-5']);
  });
});
