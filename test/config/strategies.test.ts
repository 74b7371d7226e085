import { describe, expect, it } from 'vitest';
import { MINIMAL, expectConfigError, parse } from './helpers.js';

const withStrategies = (strategies: string, env: NodeJS.ProcessEnv = {}) => parse(`${MINIMAL}strategies:\n${strategies}`, env);
/** Line of the first strategy line in withStrategies() text: MINIMAL has 12 lines, then "strategies:". */
const FIRST = 14;

describe('strategy forms', () => {
  it('the seed form is a priority chain: head with its model, fallbacks with none', () => {
    const config = withStrategies('  chain:\n    provider: openai\n    model: gpt-4o-mini\n    fallback_providers: [anthropic, "ollama:llama3.2:latest"]\n');
    expect(config.strategies.chain).toEqual({
      name: 'chain',
      type: 'priority',
      targets: [{ provider: 'openai', model: 'gpt-4o-mini' }, { provider: 'anthropic' }, { provider: 'ollama', model: 'llama3.2:latest' }],
      onError: 'retry_first',
      where: `providers.yaml:${FIRST}:3`,
    });
  });

  it('a list of names splits provider:model on the first colon', () => {
    const config = withStrategies('  rr:\n    type: round_robin\n    providers: [openai, "ollama:llama3.2:latest", anthropic:claude-haiku-4-5]\n');
    expect(config.strategies.rr.targets).toEqual([{ provider: 'openai' }, { provider: 'ollama', model: 'llama3.2:latest' }, { provider: 'anthropic', model: 'claude-haiku-4-5' }]);
  });

  it('weighted_round_robin takes name -> weight or name -> {weight, model}', () => {
    const config = withStrategies('  w:\n    type: weighted_round_robin\n    providers:\n      openai: 0.5\n      anthropic: {weight: 0.3, model: claude-haiku-4-5}\n      ollama: 0.2\n');
    expect(config.strategies.w.targets).toEqual([
      { provider: 'openai', weight: 0.5 },
      { provider: 'anthropic', weight: 0.3, model: 'claude-haiku-4-5' },
      { provider: 'ollama', weight: 0.2 },
    ]);
  });

  it('token_balance takes max_tokens per provider and a window (default 60 s)', () => {
    const config = withStrategies('  t:\n    type: token_balance\n    providers:\n      openai: {max_tokens: 100000}\n      ollama: {max_tokens: 50000, model: llama3.2}\n');
    expect(config.strategies.t).toMatchObject({ windowS: 60, targets: [{ provider: 'openai', maxTokens: 100000 }, { provider: 'ollama', maxTokens: 50000, model: 'llama3.2' }] });
    expect(withStrategies('  t:\n    type: token_balance\n    window: 30\n    providers: {openai: {max_tokens: 1}}\n').strategies.t.windowS).toBe(30);
  });

  it('least_cost, performance_based and least_connections default to every provider', () => {
    const config = withStrategies('  cheap: {type: least_cost}\n  fast: {type: performance_based, exploration: 0.2}\n  busy: {type: least_connections}\n');
    const all = [{ provider: 'openai' }, { provider: 'anthropic' }, { provider: 'ollama' }];
    expect(config.strategies.cheap.targets).toEqual(all);
    expect(config.strategies.fast).toMatchObject({ targets: all, explorationRate: 0.2 });
    expect(config.strategies.busy.targets).toEqual(all);
    expect(withStrategies('  fast: {type: performance_based}\n').strategies.fast.explorationRate).toBe(0.05);
  });

  it('priority with a providers list; default strategy is "default" if defined, else the first', () => {
    const config = withStrategies('  first: {provider: ollama}\n  default: {type: priority, providers: [anthropic, openai]}\n');
    expect(config.defaultStrategy).toBe('default');
    expect(config.strategies.default.targets).toEqual([{ provider: 'anthropic' }, { provider: 'openai' }]);
    expect(withStrategies('  first: {provider: ollama}\n  second: {provider: openai}\n').defaultStrategy).toBe('first');
    expect(parse(MINIMAL).defaultStrategy).toBeUndefined();
  });

  it('on_error: failover_first for performance_based and least_connections, retry_first for the rest, unless set', () => {
    const config = withStrategies('  p: {type: performance_based}\n  l: {type: least_connections}\n  r: {type: round_robin, providers: [openai, anthropic]}\n  x: {type: performance_based, on_error: retry_first}\n  y: {provider: openai, on_error: failover_first}\n');
    expect(Object.fromEntries(Object.entries(config.strategies).map(([name, strategy]) => [name, strategy.onError]))).toEqual({ p: 'failover_first', l: 'failover_first', r: 'retry_first', x: 'retry_first', y: 'failover_first' });
  });

  it('an unset ${VAR} in a strategy is a warning and the value is ignored', () => {
    const config = withStrategies('  chain:\n    provider: openai\n    model: ${CHAIN_MODEL}\n');
    expect(config.strategies.chain.targets).toEqual([{ provider: 'openai' }]);
    expect(config.warnings).toEqual([`providers.yaml:${FIRST + 2}:12: strategies.chain.model: \${CHAIN_MODEL} is not set; ignoring the value`]);
  });

  it('a strategy whose every provider is unavailable is not a config error', () => {
    const config = parse('providers:\n  openai: {api_key: "${NO_SUCH_KEY}"}\nstrategies:\n  only: {provider: openai}\n');
    expect(config.providers.openai.unavailableReason).toBe('${NO_SUCH_KEY} is not set');
    expect(config.strategies.only.targets).toEqual([{ provider: 'openai' }]);
  });
});

describe('strategy errors: one line naming the strategy and key', () => {
  const L = (offset: number) => FIRST + offset;
  const cases: Array<[string, string, string]> = [
    ['unknown strategy type', '  s:\n    type: roundrobin\n', `providers.yaml:${L(1)}:11: strategies.s.type: unknown strategy type "roundrobin" (did you mean "round_robin"?); expected one of priority, round_robin, weighted_round_robin, least_cost, performance_based, least_connections, token_balance`],
    ['fallback naming an unknown provider', '  s:\n    provider: openai\n    fallback_providers: [antropic]\n', `providers.yaml:${L(2)}:26: strategies.s.fallback_providers[0]: unknown provider "antropic" (did you mean "anthropic"?); defined: openai, anthropic, ollama`],
    ['head naming an unknown provider', '  s: {provider: gemini}\n', `providers.yaml:${L(0)}:17: strategies.s.provider: unknown provider "gemini"; defined: openai, anthropic, ollama`],
    ['weight that is not a positive number', '  s:\n    type: weighted_round_robin\n    providers: {openai: 0.5, anthropic: -1}\n', `providers.yaml:${L(2)}:41: strategies.s.providers.anthropic: expected a positive number, got -1`],
    ['weight that is a word', '  s:\n    type: weighted_round_robin\n    providers: {openai: half}\n', `providers.yaml:${L(2)}:25: strategies.s.providers.openai: expected a positive number, got "half"`],
    ['weighted without weights', '  s:\n    type: weighted_round_robin\n    providers: [openai, anthropic]\n', `providers.yaml:${L(2)}:16: strategies.s.providers: type weighted_round_robin needs a mapping with a weight per provider, e.g. {openai: 0.5, anthropic: 0.3}`],
    ['weighted with a missing weight', '  s:\n    type: weighted_round_robin\n    providers: {openai: {model: gpt-4o-mini}}\n', `providers.yaml:${L(2)}:17: strategies.s.providers.openai.weight: required for type weighted_round_robin: a positive number`],
    ['token_balance without max_tokens', '  s:\n    type: token_balance\n    providers: {openai: {}}\n', `providers.yaml:${L(2)}:17: strategies.s.providers.openai.max_tokens: required for type token_balance: a positive integer token allowance per window`],
    ['token_balance with a fractional allowance', '  s:\n    type: token_balance\n    providers: {openai: {max_tokens: 1.5}}\n', `providers.yaml:${L(2)}:38: strategies.s.providers.openai.max_tokens: expected a positive integer, got 1.5`],
    ['round_robin without providers', '  s: {type: round_robin}\n', `providers.yaml:${L(0)}:3: strategies.s.providers: required for type round_robin`],
    ['a strategy with no usable provider', '  s:\n    type: round_robin\n    providers: []\n', `providers.yaml:${L(2)}:5: strategies.s: no usable provider: the strategy lists no targets`],
    ['priority without a provider', '  s:\n    fallback_providers: [openai]\n', `providers.yaml:${L(0)}:3: strategies.s.provider: required: the provider to try first (or give type and providers)`],
    ['seed keys on another type', '  s:\n    type: round_robin\n    fallback_providers: [openai]\n', `providers.yaml:${L(2)}:5: strategies.s.fallback_providers: only for priority strategies; type round_robin lists its targets under providers`],
    ['weight on a non-weighted type', '  s:\n    type: round_robin\n    providers: {openai: 2}\n', `providers.yaml:${L(2)}:25: strategies.s.providers.openai: a bare number is a weight, only for type weighted_round_robin; write openai: {…} or a list`],
    ['exploration out of range', '  s: {type: performance_based, exploration: 1.5}\n', `providers.yaml:${L(0)}:45: strategies.s.exploration: expected a number from 0 to 1, got 1.5`],
    ['exploration on another type', '  s: {type: least_cost, exploration: 0.1}\n', `providers.yaml:${L(0)}:25: strategies.s.exploration: only for type performance_based`],
    ['duplicate target', '  s:\n    provider: openai\n    fallback_providers: [anthropic, anthropic]\n', `providers.yaml:${L(2)}:37: strategies.s.fallback_providers[1]: anthropic is already a target of strategies.s`],
    ['conflicting models', '  s:\n    provider: ollama:llama3.2\n    model: mistral\n', `providers.yaml:${L(2)}:12: strategies.s.model: conflicts with the model in provider "ollama:llama3.2"`],
    ['an empty model after the colon', '  s:\n    type: round_robin\n    providers: ["openai:"]\n', `providers.yaml:${L(2)}:17: strategies.s.providers[0]: expected provider or provider:model, got "openai:"`],
    ['unknown strategy key', '  s:\n    provider: openai\n    fallbacks: [ollama]\n', `providers.yaml:${L(2)}:5: strategies.s.fallbacks: unknown key (did you mean "fallback_providers"?); expected one of type, provider, model, fallback_providers, providers, exploration, window, on_error`],
    ['unknown on_error', '  s: {type: performance_based, on_error: failover}\n', `providers.yaml:${L(0)}:42: strategies.s.on_error: unknown on_error policy "failover" (did you mean "failover_first"?); expected one of retry_first, failover_first`],
    ['empty strategy', '  s:\n', `providers.yaml:${L(0)}:3: strategies.s: expected a mapping with provider (and fallback_providers) or type and providers`],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => expectConfigError(() => withStrategies(text), message));
  }
});
