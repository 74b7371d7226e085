import { describe, expect, it } from 'vitest';
import { maskSecret, maskUrl, redactConfig } from '../../src/config/index.js';
import { parse } from './helpers.js';

const KEY = 'sk-proj-Zq8vN3xK7mP2wR5tY9uB4cE6hJ1234';

describe('maskSecret', () => {
  it('shows a prefix and the last four characters of a long key, nothing of a short one', () => {
    expect(maskSecret(KEY)).toBe('sk-…1234');
    expect(maskSecret('short-key')).toBe('****');
    expect(maskSecret('')).toBe('****');
  });
});

describe('maskUrl', () => {
  it('masks credentials and secret query parameters, keeps the rest', () => {
    expect(maskUrl('https://user:hunter2@proxy.example.test/v1?api-key=abc&region=eu')).toBe('https://****:****@proxy.example.test/v1?api-key=****&region=eu');
    expect(maskUrl('http://localhost:11434')).toBe('http://localhost:11434');
  });
});

describe('redactConfig', () => {
  const config = parse(
    `providers:
  openai:
    api_key: \${OPENAI_API_KEY}
    base_url: https://gateway.example.test/v1?key=\${OPENAI_API_KEY}
    models: [gpt-4o-mini]
  azure:
    type: azure_openai
    api_key: az-short
    endpoint: https://res.openai.azure.com/
    models: [{name: prod, price_as: gpt-4o}]
  anthropic:
    api_key: \${ANTHROPIC_API_KEY}
strategies:
  default: {provider: openai, fallback_providers: [azure]}
  w: {type: weighted_round_robin, providers: {openai: 2, azure: 1}}
budgets:
  daily_budget: 5
  alert_command: 'curl -H "Authorization: Bearer tok9f8e7d6c5b4a3f2e1d0c9b8a7" https://x.test'
  alert_webhook: https://hooks.slack.test/services/T000/B000/secretpath
pricing:
  openai:
    gpt-4o-mini: {input: 0.15, output: 0.6}
`,
    { OPENAI_API_KEY: KEY },
  );
  const redacted = redactConfig(config) as Record<string, any>;
  const text = JSON.stringify(redacted);

  it('never contains a key, a webhook path or a bearer token', () => {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('az-short');
    expect(text).not.toContain('secretpath');
    expect(text).not.toContain('tok9f8e7d6c5b4a3f2e1d0c9b8a7');
  });

  it("keeps everything else, in providers.yaml's vocabulary", () => {
    expect(redacted.source).toBe('providers.yaml');
    expect(redacted.default_strategy).toBe('default');
    expect(redacted.providers.openai).toMatchObject({
      type: 'openai',
      api_key: 'sk-…1234',
      api_key_source: 'OPENAI_API_KEY',
      base_url: 'https://gateway.example.test/v1?key=****',
      models: ['gpt-4o-mini'],
      retry: { max_attempts: 3, backoff_factor: 2 },
      timeout_ms: 60000,
      local: false,
    });
    expect(redacted.providers.azure).toMatchObject({ api_key: '****', api_key_source: 'providers.yaml providers.azure.api_key', models: [{ name: 'prod', price_as: 'gpt-4o' }], api_version: '2024-10-21' });
    expect(redacted.providers.anthropic.unavailable).toBe('${ANTHROPIC_API_KEY} is not set');
    expect(redacted.strategies.w).toEqual({ type: 'weighted_round_robin', targets: [{ provider: 'openai', weight: 2 }, { provider: 'azure', weight: 1 }], on_error: 'retry_first', where: 'providers.yaml:15:3' });
    expect(redacted.budgets).toMatchObject({ daily_budget: 5, alert_threshold: 0.8, on_exceed: 'warn', alert_webhook: 'https://hooks.slack.test/****' });
    expect(redacted.budgets.alert_command).toMatch(/^curl -H "Authorization: Bearer tok…b8a7" https:\/\/x\.test$/);
    expect(redacted.pricing).toEqual({ openai: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } });
    expect(redacted.log_prompts).toBe(false);
  });

  it('does not modify the configuration it masks', () => {
    expect(config.providers.openai.apiKey).toBe(KEY);
  });
});
