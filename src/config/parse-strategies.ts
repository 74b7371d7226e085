import { isMap, isScalar, type Node } from 'yaml';
import { DEFAULT_ON_ERROR, ON_ERROR_POLICIES, STRATEGY_TYPES, type ProviderConfig, type StrategyConfig, type StrategyTarget, type StrategyType } from '../spec/config.js';
import { DEFAULT_EXPLORATION_RATE, DEFAULT_TOKEN_WINDOW_S } from './defaults.js';
import { didYouMean } from './did-you-mean.js';
import type { Entry, ParseContext } from './parse-context.js';
import { checkName, entryOf, valueOf } from './names.js';

const STRATEGY_KEYS = ['type', 'provider', 'model', 'fallback_providers', 'providers', 'exploration', 'window', 'on_error'] as const;
const TARGET_KEYS = ['weight', 'model', 'max_tokens'] as const;
const SEED_FORM_KEYS = ['provider', 'model', 'fallback_providers'] as const;

/** Strategies that choose by measuring or pricing every provider make sense over all of them. */
const DEFAULTS_TO_ALL_PROVIDERS: readonly StrategyType[] = ['least_cost', 'performance_based', 'least_connections'];

export function parseStrategies(context: ParseContext, node: Node | null, providers: Record<string, ProviderConfig>): Record<string, StrategyConfig> {
  const strategies: Record<string, StrategyConfig> = {};
  for (const entry of context.entries(node, 'strategies')) {
    checkName(context, entry, `strategies.${entry.key}`, 'strategy');
    strategies[entry.key] = parseStrategy(context, entry, providers);
    context.warnMissing();
  }
  return strategies;
}

function parseStrategy(context: ParseContext, entry: Entry, providers: Record<string, ProviderConfig>): StrategyConfig {
  const name = entry.key;
  const path = `strategies.${name}`;
  if (context.resolve(entry.value) === null) context.fail(entry.keyNode, path, 'expected a mapping with provider (and fallback_providers) or type and providers');
  const fields = context.entries(entry.value, path);
  context.checkKeys(fields, STRATEGY_KEYS, path);
  const type: StrategyType = context.oneOf(valueOf(fields, 'type'), `${path}.type`, STRATEGY_TYPES, 'strategy type') ?? 'priority';
  const strategy: StrategyConfig = { name, type, targets: [], where: context.where(entry.keyNode) };
  const targets = new TargetList(context, providers, path);

  if (type === 'priority') {
    parsePriorityTargets(context, fields, entry, path, targets);
  } else {
    for (const key of SEED_FORM_KEYS) {
      const field = entryOf(fields, key);
      if (field) context.fail(field.keyNode, `${path}.${key}`, `only for priority strategies; type ${type} lists its targets under providers`);
    }
    const providersField = entryOf(fields, 'providers');
    if (!providersField || context.resolve(providersField.value) === null) {
      if (!DEFAULTS_TO_ALL_PROVIDERS.includes(type)) context.fail(providersField?.keyNode ?? entry.keyNode, `${path}.providers`, `required for type ${type}`);
      for (const provider of Object.keys(providers)) targets.add({ provider }, providersField?.keyNode ?? entry.keyNode, `${path}.providers`);
    } else {
      parseTargetCollection(context, providersField.value, `${path}.providers`, type, targets);
    }
  }
  strategy.targets = targets.targets;
  if (strategy.targets.length === 0) context.fail(entryOf(fields, 'providers')?.keyNode ?? entry.keyNode, path, 'no usable provider: the strategy lists no targets');

  const exploration = entryOf(fields, 'exploration');
  if (exploration && type !== 'performance_based') context.fail(exploration.keyNode, `${path}.exploration`, 'only for type performance_based');
  if (type === 'performance_based') strategy.explorationRate = context.number(exploration?.value, `${path}.exploration`, 'fraction') ?? DEFAULT_EXPLORATION_RATE;
  const window = entryOf(fields, 'window');
  if (window && type !== 'token_balance') context.fail(window.keyNode, `${path}.window`, 'only for type token_balance');
  if (type === 'token_balance') strategy.windowS = context.number(window?.value, `${path}.window`, 'positive') ?? DEFAULT_TOKEN_WINDOW_S;
  strategy.onError = context.oneOf(valueOf(fields, 'on_error'), `${path}.on_error`, ON_ERROR_POLICIES, 'on_error policy') ?? DEFAULT_ON_ERROR[type];
  return strategy;
}

/** The seed's form: `provider` (+ `model`) first, then each of `fallback_providers`; or a `providers` list. */
function parsePriorityTargets(context: ParseContext, fields: readonly Entry[], entry: Entry, path: string, targets: TargetList): void {
  const head = entryOf(fields, 'provider');
  const list = entryOf(fields, 'providers');
  if (head && list) context.fail(list.keyNode, `${path}.providers`, 'give either provider (with fallback_providers) or providers, not both');
  if (list) {
    for (const key of ['model', 'fallback_providers']) {
      const field = entryOf(fields, key);
      if (field) context.fail(field.keyNode, `${path}.${key}`, 'goes with provider, not with providers (write provider:model entries instead)');
    }
    parseTargetCollection(context, list.value, `${path}.providers`, 'priority', targets);
    return;
  }
  if (!head || context.resolve(head.value) === null) {
    context.fail(head?.keyNode ?? entry.keyNode, `${path}.provider`, 'required: the provider to try first (or give type and providers)');
  }
  const first = parseReference(context, head.value, `${path}.provider`);
  const modelNode = valueOf(fields, 'model');
  const model = context.string(modelNode, `${path}.model`)?.value;
  if (first && model !== undefined && first.model !== undefined) context.fail(modelNode, `${path}.model`, `conflicts with the model in provider "${first.provider}:${first.model}"`);
  if (first) targets.add(model === undefined ? first : { ...first, model }, head.value, `${path}.provider`);
  const fallbacks = valueOf(fields, 'fallback_providers');
  context.items(fallbacks, `${path}.fallback_providers`).forEach((item, index) => {
    const itemPath = `${path}.fallback_providers[${index}]`;
    const target = parseReference(context, item, itemPath);
    if (target) targets.add(target, item, itemPath);
  });
}

/** `providers:` as a list of names (`name` or `name:model`) or a mapping name -> weight | {weight, model, max_tokens}. */
function parseTargetCollection(context: ParseContext, node: Node | null, path: string, type: StrategyType, targets: TargetList): void {
  const resolved = context.resolve(node);
  if (isMap(resolved)) {
    for (const entry of context.entries(resolved, path)) {
      const entryPath = `${path}.${entry.key}`;
      const reference = splitReference(context, entry.keyNode, entryPath, entry.key);
      const target: StrategyTarget = { ...reference };
      const value = context.resolve(entry.value);
      if (isScalar(value)) {
        if (type !== 'weighted_round_robin') context.fail(value, entryPath, `a bare number is a weight, only for type weighted_round_robin; write ${entry.key}: {…} or a list`);
        target.weight = context.number(value, entryPath, 'positive');
      } else if (value !== null) {
        const fields = context.entries(value, entryPath);
        context.checkKeys(fields, TARGET_KEYS, entryPath);
        const weight = entryOf(fields, 'weight');
        if (weight && type !== 'weighted_round_robin') context.fail(weight.keyNode, `${entryPath}.weight`, 'only for type weighted_round_robin');
        target.weight = context.number(weight?.value, `${entryPath}.weight`, 'positive');
        const maxTokens = entryOf(fields, 'max_tokens');
        if (maxTokens && type !== 'token_balance') context.fail(maxTokens.keyNode, `${entryPath}.max_tokens`, 'only for type token_balance');
        target.maxTokens = context.number(maxTokens?.value, `${entryPath}.max_tokens`, 'positive-integer');
        const modelNode = valueOf(fields, 'model');
        const model = context.string(modelNode, `${entryPath}.model`)?.value;
        if (model !== undefined && target.model !== undefined) context.fail(modelNode, `${entryPath}.model`, `conflicts with the model in "${entry.key}"`);
        if (model !== undefined) target.model = model;
      }
      if (type === 'weighted_round_robin' && target.weight === undefined) {
        context.fail(entry.keyNode, `${entryPath}.weight`, 'required for type weighted_round_robin: a positive number');
      }
      if (type === 'token_balance' && target.maxTokens === undefined) {
        context.fail(entry.keyNode, `${entryPath}.max_tokens`, 'required for type token_balance: a positive integer token allowance per window');
      }
      if (target.weight === undefined) delete target.weight;
      if (target.maxTokens === undefined) delete target.maxTokens;
      targets.add(target, entry.keyNode, entryPath);
    }
    return;
  }
  const items = context.items(resolved, path);
  if (type === 'weighted_round_robin' || type === 'token_balance') {
    const example = type === 'weighted_round_robin' ? '{openai: 0.5, anthropic: 0.3}' : '{openai: {max_tokens: 100000}}';
    context.fail(resolved, path, `type ${type} needs a mapping with a ${type === 'weighted_round_robin' ? 'weight' : 'max_tokens'} per provider, e.g. ${example}`);
  }
  items.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    const target = parseReference(context, item, itemPath);
    if (target) targets.add(target, item, itemPath);
  });
}

/** A `name` or `name:model` string; undefined when an unset ${VAR} made it empty (a warning is recorded). */
function parseReference(context: ParseContext, node: Node | null, path: string): StrategyTarget | undefined {
  const resolved = context.resolve(node);
  if (resolved !== null && !isScalar(resolved)) context.fail(resolved, path, `expected a provider name or provider:model, got ${context.describe(resolved)}`);
  const text = context.string(resolved, path);
  if (text === undefined) return undefined;
  return splitReference(context, resolved, path, text.value);
}

/** Split on the FIRST colon: `ollama:llama3.2:latest` is provider ollama, model llama3.2:latest. */
function splitReference(context: ParseContext, node: Node | null, path: string, text: string): StrategyTarget {
  const colon = text.indexOf(':');
  if (colon === -1) return { provider: text.trim() };
  const provider = text.slice(0, colon).trim();
  const model = text.slice(colon + 1).trim();
  if (provider === '' || model === '') context.fail(node, path, `expected provider or provider:model, got ${JSON.stringify(text)}`);
  return { provider, model };
}

/** Collects targets, checking each names a defined provider and none repeats. */
class TargetList {
  readonly targets: StrategyTarget[] = [];
  constructor(
    private readonly context: ParseContext,
    private readonly providers: Record<string, ProviderConfig>,
    private readonly path: string,
  ) {}

  add(target: StrategyTarget, node: Node | null, path: string): void {
    const names = Object.keys(this.providers);
    if (!(target.provider in this.providers)) {
      this.context.fail(node, path, `unknown provider ${JSON.stringify(target.provider)}${didYouMean(target.provider, names)}; defined: ${names.join(', ')}`);
    }
    const provider = this.providers[target.provider];
    const model = target.model ?? provider.models[0];
    if (this.targets.some((existing) => existing.provider === target.provider && (existing.model ?? provider.models[0]) === model)) {
      this.context.fail(node, path, `${target.provider}${target.model ? `:${target.model}` : ''} is already a target of ${this.path}`);
    }
    this.targets.push(target);
  }
}
