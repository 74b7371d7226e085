import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/spec/errors.js';
import { demoSimConfig, loadSimConfig, parseSimConfig, startSimulator } from '../../src/sim/index.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs('llmx-sim-');

const parseError = (text: string): ConfigError => {
  try {
    parseSimConfig(text, 'sim.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadSimConfig', () => {
  it('reads snake_case keys from a list of providers', () => {
    const config = parseSimConfig(
      [
        'seed: 9',
        'providers:',
        '  - name: a',
        '    protocol: openai',
        '    models: [m1, m2]',
        '    strict_models: true',
        '    ttft_ms: 40',
        '    ms_per_token: 2.5',
        '    output_tokens: 30',
        '    error_rates: {"429": 0.1, 500: 0.2}',
        '    retry_after_ms: 100',
        '    hang_rate: 0.05',
        '    drop_rate: 0.05',
        '    requests_per_minute: 60',
        '    omit_usage: true',
        '    api_key: secret',
        '    script: [500, ok, hang, drop, stream_error, "429"]',
        '    wire: {reject_stream_options: true}',
      ].join('\n'),
      'sim.yaml',
    );
    expect(config).toEqual({
      seed: 9,
      providers: [
        {
          name: 'a',
          protocol: 'openai',
          models: ['m1', 'm2'],
          strictModels: true,
          ttftMs: 40,
          msPerToken: 2.5,
          outputTokens: 30,
          errorRates: { '429': 0.1, '500': 0.2 },
          retryAfterMs: 100,
          hangRate: 0.05,
          dropRate: 0.05,
          requestsPerMinute: 60,
          omitUsage: true,
          apiKey: 'secret',
          script: [500, 'ok', 'hang', 'drop', 'stream_error', 429],
          wire: { rejectStreamOptions: true },
        },
      ],
    });
  });

  it('accepts providers as a mapping keyed by name, and custom as the openai wire', () => {
    const config = parseSimConfig('providers:\n  local:\n    protocol: custom\n  claude:\n    protocol: anthropic\n', 'sim.yaml');
    expect(config.providers).toEqual([
      { name: 'local', protocol: 'openai' },
      { name: 'claude', protocol: 'anthropic' },
    ]);
  });

  it.each([
    ['providers:\n  a:\n    protocol: openai\n    ttft_ms: fast\n', 'sim.yaml:4:14: providers.a.ttft_ms: expected a number of ms >= 0, got "fast"'],
    ['providers:\n  a:\n    protocol: grpc\n', 'sim.yaml:3:15: providers.a.protocol: expected one of openai, azure_openai, anthropic, ollama or custom, got "grpc"'],
    ['providers:\n  a:\n    protocol: openai\n    ttft: 4\n', 'sim.yaml:4:5: providers.a.ttft: unknown key'],
    ['providers:\n  a:\n    protocol: openai\n    error_rates: {"418": 0.5}\n', 'sim.yaml:4:19: providers.a.error_rates.418: expected one of the statuses 429, 500, 503, 529'],
    ['providers:\n  a:\n    protocol: openai\n    hang_rate: 2\n', 'sim.yaml:4:16: providers.a.hang_rate: expected a probability between 0 and 1, got 2'],
    ['providers:\n  - name: a\n    protocol: openai\n    script: [ok, teapot]\n', 'sim.yaml:4:18: providers[0].script[1]: expected an HTTP status 400-599 or one of ok, hang, drop, stream_error, truncate, html_502, non_json_200, empty_200, huge_200, echo_auth, echo_request, refusal, out_of_credit, content_filter, got "teapot"'],
    ['providers:\n  - protocol: openai\n', 'sim.yaml:2:5: providers[0]: missing name'],
    ['providers:\n  a:\n    protocol: openai\n    wire: {reject_options: true}\n', 'sim.yaml:4:12: providers.a.wire.reject_options: unknown key (expected one of reject_stream_options'],
    ['providers:\n  a:\n    protocol: openai\n    wire: {reject_stream_options: 1}\n', 'sim.yaml:4:35: providers.a.wire.reject_stream_options: expected true or false, got 1'],
    ['providers:\n  a:\n    protocol: anthropic\n    wire: {reject_stream_options: true}\n', 'wire.rejectStreamOptions: only for protocols openai, azure_openai'],
    ['providers:\n  a: {protocol: openai, requests_per_minute: 0.5}\n', 'sim.yaml:2:46: providers.a.requests_per_minute: expected a positive integer, got 0.5'],
    ['providers: [\n', 'sim.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('reports %j as one line naming file:line:col and key', (text, expected) => {
    expect(parseError(text).message).toContain(expected);
  });

  it('reports rates adding up to more than 1 and duplicate names, naming the file', () => {
    expect(parseError('providers:\n  a: {protocol: openai, hang_rate: 0.6, drop_rate: 0.6}\n').message).toMatch(/^sim\.yaml: .*add up to 1\.2/);
    expect(parseError('providers:\n  - {name: a, protocol: openai}\n  - {name: a, protocol: ollama}\n').message).toContain('"a" is used twice');
  });

  it('a missing file is a ConfigError naming the path', async () => {
    const dir = tempDir();
    await expect(loadSimConfig(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml: simulator config file not found/);
    writeFileSync(join(dir, 'ok.yaml'), 'providers:\n  x: {protocol: ollama}\n');
    await expect(loadSimConfig(join(dir, 'ok.yaml'))).resolves.toEqual({ providers: [{ name: 'x', protocol: 'ollama' }] });
  });

  it('every example in fixtures/sim loads and starts', async () => {
    const dir = new URL('../../fixtures/sim/', import.meta.url);
    const files = readdirSync(dir).filter((file) => file.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['demo.yaml', 'failing.yaml', 'slow.yaml']));
    for (const file of files) {
      const config = await loadSimConfig(new URL(file, dir).pathname);
      const sim = await startSimulator(config);
      expect(Object.keys(sim.providers)).toEqual(config.providers.map((provider) => provider.name));
      await sim.close();
    }
  });

  it('fixtures/sim/demo.yaml starts with the same trio as demoSimConfig()', async () => {
    const fromFile = await loadSimConfig(new URL('../../fixtures/sim/demo.yaml', import.meta.url).pathname);
    expect(fromFile.providers.slice(0, 3)).toEqual(demoSimConfig().providers);
  });
});

describe('startSimulator validation', () => {
  it('rejects a spec with an unsafe name or bad numbers with a ConfigError', async () => {
    await expect(startSimulator({ providers: [{ name: 'a/b', protocol: 'openai' }] })).rejects.toBeInstanceOf(ConfigError);
    await expect(startSimulator({ providers: [{ name: 'a', protocol: 'openai', ttftMs: -1 }] })).rejects.toThrow(/ttftMs/);
    await expect(startSimulator({ providers: [] })).rejects.toThrow(/at least one provider/);
  });
});
