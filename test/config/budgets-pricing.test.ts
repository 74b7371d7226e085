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

  const cases: Array<[string, string, string]> = [
    ['a negative price', 'pricing:\n  openai:\n    gpt-4o: {input: -1, output: 1}\n', `providers.yaml:${AT + 2}:21: pricing.openai.gpt-4o.input: expected a non-negative number, got -1`],
    ['a missing output price', 'pricing:\n  openai:\n    gpt-4o: {input: 1}\n', `providers.yaml:${AT + 2}:5: pricing.openai.gpt-4o.output: required: USD per million tokens`],
    ['an unknown price key', 'pricing:\n  openai:\n    gpt-4o: {input: 1, output: 2, cache: 0.5}\n', `providers.yaml:${AT + 2}:35: pricing.openai.gpt-4o.cache: unknown key (did you mean "cached_input"?); expected one of input, output, cached_input`],
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
