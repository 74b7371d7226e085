import { describe, expect, it } from 'vitest';
import { redactConfig } from '../../src/config/index.js';
import { expectConfigError, parse } from './helpers.js';

const PROVIDERS = 'providers:\n  ollama: {}\n';

describe('store: in providers.yaml', () => {
  it('reads the URL (with ${VAR} expanded), the connect timeout and the unavailable policy', () => {
    const config = parse(`${PROVIDERS}store:\n  url: postgres://llmx:\${DB_PASSWORD}@db.internal/llmx\n  connect_timeout_ms: 2000\n  on_unavailable: fail\n`, { DB_PASSWORD: 'pw-Secret1' });
    expect(config.store).toEqual({ url: 'postgres://llmx:pw-Secret1@db.internal/llmx', connectTimeoutMs: 2000, onUnavailable: 'fail' });
    expect(parse(PROVIDERS).store).toBeUndefined();
  });

  it('shows the URL masked in config show', () => {
    const config = parse(`${PROVIDERS}store:\n  url: postgres://llmx:\${DB_PASSWORD}@db.internal/llmx\n`, { DB_PASSWORD: 'pw-Secret1' });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('pw-Secret1');
    expect(shown).toContain('db.internal/llmx');
  });

  it('refuses an unset variable in the URL, unknown keys, a bad timeout and an unknown policy, at file:line:col', () => {
    expectConfigError(
      () => parse(`${PROVIDERS}store:\n  url: postgres://llmx:\${DB_PASSWORD}@db.internal/llmx\n`),
      "providers.yaml:4:8: store.url: ${DB_PASSWORD} is not set (a shared store's URL must be complete)",
    );
    expectConfigError(() => parse(`${PROVIDERS}store:\n  uri: x\n`), 'providers.yaml:4:3: store.uri: unknown key (did you mean "url"?); expected one of url, connect_timeout_ms, on_unavailable');
    expectConfigError(() => parse(`${PROVIDERS}store:\n  connect_timeout_ms: 0\n`), 'providers.yaml:4:23: store.connect_timeout_ms: expected a positive integer, got 0');
    expectConfigError(() => parse(`${PROVIDERS}store:\n  on_unavailable: ignore\n`), 'providers.yaml:4:19: store.on_unavailable: unknown on_unavailable policy "ignore"; expected one of fail');
  });
});
