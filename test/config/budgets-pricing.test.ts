import { describe, expect, it } from 'vitest';
import { MINIMAL, expectConfigError, parse } from './helpers.js';

/** MINIMAL has 12 lines; the section under test starts on line 13. */
const AT = 13;

describe('budgets', () => {
  it('reads global and per-provider budgets; providers inherit threshold, action and hooks', () => {
    const config = parse(`${MINIMAL}budgets:
  daily_budget: 10
  monthly_budget: 300
  alert_threshold: 0.9
  on_exceed: local_only
  alert_command: notify-send llmx
  alert_webhook: https://hooks.example.test/T000/B000/XXXX
  providers:
    openai: {daily_budget: 5, on_exceed: block}
    anthropic: {monthly_budget: 0}
`);
    expect(config.budgets.global).toEqual({
      dailyBudgetUsd: 10,
      monthlyBudgetUsd: 300,
      alertThreshold: 0.9,
      onExceed: 'local_only',
      alertCommand: 'notify-send llmx',
      alertWebhook: 'https://hooks.example.test/T000/B000/XXXX',
    });
    expect(config.budgets.providers.openai).toEqual({
      dailyBudgetUsd: 5,
      alertThreshold: 0.9,
      onExceed: 'block',
      alertCommand: 'notify-send llmx',
      alertWebhook: 'https://hooks.example.test/T000/B000/XXXX',
    });
    expect(config.budgets.providers.anthropic.monthlyBudgetUsd).toBe(0);
  });

  it('defaults: no budgets section means no global budget; threshold 0.8 and warn', () => {
    expect(parse(MINIMAL).budgets).toEqual({ providers: {} });
    expect(parse(`${MINIMAL}budgets: {daily_budget: 1}\n`).budgets.global).toEqual({ dailyBudgetUsd: 1, alertThreshold: 0.8, onExceed: 'warn' });
  });

  const cases: Array<[string, string, string]> = [
    ['a negative budget', 'budgets:\n  daily_budget: -5\n', `providers.yaml:${AT + 1}:17: budgets.daily_budget: expected a non-negative number, got -5`],
    ['a budget in words', 'budgets:\n  monthly_budget: lots\n', `providers.yaml:${AT + 1}:19: budgets.monthly_budget: expected a non-negative number, got "lots"`],
    ['a threshold above 1', 'budgets:\n  alert_threshold: 80\n', `providers.yaml:${AT + 1}:20: budgets.alert_threshold: expected a number from 0 to 1, got 80`],
    ['an unknown action', 'budgets:\n  on_exceed: stop\n', `providers.yaml:${AT + 1}:14: budgets.on_exceed: unknown on_exceed action "stop"; expected one of warn, block, local_only`],
    ['a misspelt action', 'budgets:\n  on_exceed: blok\n', `providers.yaml:${AT + 1}:14: budgets.on_exceed: unknown on_exceed action "blok" (did you mean "block"?); expected one of warn, block, local_only`],
    ['a budget for an unknown provider', 'budgets:\n  providers:\n    openia: {daily_budget: 1}\n', `providers.yaml:${AT + 2}:5: budgets.providers.openia: unknown provider "openia" (did you mean "openai"?); defined: openai, anthropic, ollama`],
    ['a webhook that is not a URL', 'budgets:\n  alert_webhook: hooks.example.test\n', `providers.yaml:${AT + 1}:18: budgets.alert_webhook: expected an http:// or https:// URL`],
  ];
  for (const [name, text, message] of cases) it(name, () => expectConfigError(() => parse(`${MINIMAL}${text}`), message));
});

describe('pricing', () => {
  it('reads USD per million tokens for configured providers and provider types', () => {
    const config = parse(`${MINIMAL}pricing:
  openai:
    gpt-4o-mini: {input: 0.15, output: 0.6, cached_input: 0.075}
  azure_openai:
    gpt-4o: {input: 2.5, output: 10}
  ollama:
    llama3.2: {input: 0, output: 0}
`);
    expect(config.pricing).toEqual({
      openai: { 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 } },
      azure_openai: { 'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 } },
      ollama: { 'llama3.2': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
  });

  it('reads cache write prices, long-context tiers and service-tier variants', () => {
    const config = parse(`${MINIMAL}pricing:
  anthropic:
    claude-sonnet-4-5:
      input: 3
      output: 15
      cache_read: 0.3
      cache_write: 3.75
      cache_write_1h: 6
      tiers:
        - {above_input_tokens: 200000, input: 6, output: 22.5, cache_read: 0.6, cache_write: 7.5, cache_write_1h: 12}
  openai:
    gpt-5:
      input: 1.25
      output: 10
      service_tiers:
        flex: {input: 0.625, output: 5, cached_input: 0.0625}
        priority: {input: 2.5, output: 20}
`);
    expect(config.pricing).toEqual({
      anthropic: {
        'claude-sonnet-4-5': {
          inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWrite5mPerMTok: 3.75, cacheWrite1hPerMTok: 6,
          contextTiers: [{ aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWrite5mPerMTok: 7.5, cacheWrite1hPerMTok: 12 }],
        },
      },
      openai: {
        'gpt-5': {
          inputPerMTok: 1.25, outputPerMTok: 10,
          serviceTiers: { flex: { inputPerMTok: 0.625, outputPerMTok: 5, cachedInputPerMTok: 0.0625 }, priority: { inputPerMTok: 2.5, outputPerMTok: 20 } },
        },
      },
    });
  });

  const cases: Array<[string, string, string]> = [
    ['a negative price', 'pricing:\n  openai:\n    gpt-4o: {input: -1, output: 1}\n', `providers.yaml:${AT + 2}:21: pricing.openai.gpt-4o.input: expected a non-negative number, got -1`],
    ['a missing output price', 'pricing:\n  openai:\n    gpt-4o: {input: 1}\n', `providers.yaml:${AT + 2}:5: pricing.openai.gpt-4o.output: required: USD per million tokens`],
    ['an unknown price key', 'pricing:\n  openai:\n    gpt-4o: {input: 1, output: 2, cache: 0.5}\n', `providers.yaml:${AT + 2}:35: pricing.openai.gpt-4o.cache: unknown key (did you mean "cached_input"?); expected one of input, output, cached_input, cache_read, cache_write, cache_write_1h, tiers, service_tiers`],
    ['a non-numeric write price', 'pricing:\n  anthropic:\n    claude-sonnet-4-5: {input: 3, output: 15, cache_write: lots}\n', `providers.yaml:${AT + 2}:60: pricing.anthropic.claude-sonnet-4-5.cache_write: expected a non-negative number, got "lots"`],
    ['an unknown service tier', 'pricing:\n  openai:\n    gpt-5:\n      input: 1.25\n      output: 10\n      service_tiers:\n        turbo: {input: 1, output: 1}\n', `providers.yaml:${AT + 6}:9: pricing.openai.gpt-5.service_tiers.turbo: unknown service tier; expected one of flex, priority`],
    ['a tier without a threshold', 'pricing:\n  anthropic:\n    claude-sonnet-4-5:\n      input: 3\n      output: 15\n      tiers:\n        - {input: 6, output: 22.5}\n', `providers.yaml:${AT + 6}:11: pricing.anthropic.claude-sonnet-4-5.tiers[0].above_input_tokens: required: the input tokens above which the whole request is billed at this tier`],
    ['a negative tier rate', 'pricing:\n  anthropic:\n    claude-sonnet-4-5:\n      input: 3\n      output: 15\n      tiers:\n        - {above_input_tokens: 200000, input: 6, output: -22.5}\n', `providers.yaml:${AT + 6}:58: pricing.anthropic.claude-sonnet-4-5.tiers[0].output: expected a non-negative number, got -22.5`],
    ['an unknown provider', 'pricing:\n  gemini:\n    x: {input: 1, output: 1}\n', `providers.yaml:${AT + 1}:3: pricing.gemini: unknown provider "gemini"; defined: openai, anthropic, ollama`],
  ];
  for (const [name, text, message] of cases) it(name, () => expectConfigError(() => parse(`${MINIMAL}${text}`), message));
});

describe('log_prompts', () => {
  it('defaults to false and reads a boolean', () => {
    expect(parse(MINIMAL).logPrompts).toBe(false);
    expect(parse(`${MINIMAL}log_prompts: true\n`).logPrompts).toBe(true);
    expectConfigError(() => parse(`${MINIMAL}log_prompts: sometimes\n`), `providers.yaml:${AT}:14: log_prompts: expected true or false, got "sometimes"`);
  });
});
