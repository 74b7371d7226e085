import type { Config, ProviderConfig, StrategyConfig } from '../spec/config.js';
import { ConfigError, NothingConfiguredError, UsageError } from '../spec/errors.js';
import type { ResolvedTarget } from './strategies/types.js';

/**
 * Which model each target is asked for, in this order:
 *  1. `--model` (the request's model), for every target whose provider lists that model in
 *     `models` or lists no models at all;
 *  2. the target's own `model` (for the seed's priority form, the strategy's `model` is the head
 *     target's model);
 *  3. the provider's first model.
 * A `--model` that no target can serve is a usage error rather than silently ignored.
 * With `--provider NAME` (no strategy), `--model` is used as given: the caller named both.
 */
export function resolveTargets(config: Config, strategy: StrategyConfig, modelOverride?: string): ResolvedTarget[] {
  const resolved = strategy.targets.map((target, index) => {
    const provider = config.providers[target.provider];
    if (!provider) {
      throw new ConfigError(`strategy ${strategy.name}: targets[${index}] names unknown provider "${target.provider}"`, strategy.where);
    }
    const overrideFits = modelOverride !== undefined && (provider.models.length === 0 || provider.models.includes(modelOverride));
    const model = overrideFits ? modelOverride : (target.model ?? provider.models[0]);
    if (!model) {
      throw new ConfigError(`strategy ${strategy.name}: provider ${provider.name} has no model (set model on the target or models on the provider)`, strategy.where);
    }
    const result: ResolvedTarget = { provider: provider.name, model, local: provider.local };
    if (target.weight !== undefined) result.weight = target.weight;
    if (target.maxTokens !== undefined) result.maxTokens = target.maxTokens;
    return { result, overrideFits };
  });
  if (modelOverride !== undefined && resolved.length > 0 && !resolved.some((entry) => entry.overrideFits)) {
    const served = resolved.map((entry) => `${entry.result.provider}: ${config.providers[entry.result.provider].models.join(', ')}`).join('; ');
    throw new UsageError(`--model ${modelOverride}: no provider of strategy ${strategy.name} lists it (${served})`);
  }
  return resolved.map((entry) => entry.result);
}

/** `--provider NAME` without a strategy: a one-target priority chain. */
export function singleProviderStrategy(config: Config, providerName: string, modelOverride?: string): { strategy: StrategyConfig; targets: ResolvedTarget[] } {
  const provider: ProviderConfig | undefined = config.providers[providerName];
  if (!provider) {
    const known = Object.keys(config.providers);
    throw new UsageError(`--provider ${providerName}: no such provider (configured: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  const model = modelOverride ?? provider.models[0];
  if (!model) throw new UsageError(`--provider ${providerName}: the provider lists no models; pass --model`);
  const strategy: StrategyConfig = { name: providerName, type: 'priority', targets: [{ provider: providerName, model }] };
  return { strategy, targets: [{ provider: providerName, model, local: provider.local }] };
}

/** The strategy `ask` uses: named, else the config's default. */
export function findStrategy(config: Config, name: string | undefined): StrategyConfig {
  const chosen = name ?? config.defaultStrategy;
  if (chosen === undefined && Object.keys(config.providers).length === 0) {
    throw new NothingConfiguredError();
  }
  if (chosen === undefined) {
    throw new ConfigError(`no strategy configured and no --provider given (${config.source}: add a strategies: section or pass --provider)`);
  }
  const strategy = config.strategies[chosen];
  if (!strategy) {
    const known = Object.keys(config.strategies);
    throw new UsageError(`strategy ${chosen}: no such strategy (configured: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  return strategy;
}
