import type { Config } from '../spec/index.js';
import { ConfigError, UsageError } from '../spec/index.js';
import type { BenchTarget } from './types.js';

export interface TargetFlags {
  /** --providers a,b: each with `model` or its first configured model. */
  providers?: string;
  /** --targets provider:model,... (split on the first colon: model names may contain colons). */
  targets?: string;
  /** --strategy NAME[,NAME]. */
  strategy?: string;
  /** --model, applied to every --providers entry. */
  model?: string;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Resolves the target flags against the configuration; one clear line for anything unknown. */
export function resolveTargets(config: Config, flags: TargetFlags): BenchTarget[] {
  const targets: BenchTarget[] = [];
  const known = Object.keys(config.providers);
  const providerOf = (name: string, flag: string) => {
    const provider = config.providers[name];
    if (!provider) {
      throw new UsageError(`${flag}: unknown provider "${name}" (configured: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    if (provider.unavailableReason) throw new ConfigError(`provider "${name}" cannot be used: ${provider.unavailableReason}`);
    return provider;
  };

  for (const name of flags.providers !== undefined ? splitList(flags.providers) : []) {
    const provider = providerOf(name, '--providers');
    const model = flags.model ?? provider.models[0];
    if (!model) throw new UsageError(`--providers: provider "${name}" has no models configured; use --model or --targets ${name}:MODEL`);
    targets.push({ id: `${name}:${model}`, kind: 'model', provider: name, model });
  }
  for (const item of flags.targets !== undefined ? splitList(flags.targets) : []) {
    const colon = item.indexOf(':');
    if (colon <= 0 || colon === item.length - 1) throw new UsageError(`--targets: "${item}" is not provider:model`);
    const name = item.slice(0, colon);
    const model = item.slice(colon + 1);
    providerOf(name, '--targets');
    targets.push({ id: `${name}:${model}`, kind: 'model', provider: name, model });
  }
  for (const name of flags.strategy !== undefined ? splitList(flags.strategy) : []) {
    if (!config.strategies[name]) {
      const names = Object.keys(config.strategies);
      throw new UsageError(`--strategy: unknown strategy "${name}" (defined: ${names.length > 0 ? names.join(', ') : 'none'})`);
    }
    targets.push({ id: `strategy:${name}`, kind: 'strategy', provider: name, model: '', strategy: name });
  }

  if (flags.model !== undefined && flags.providers === undefined) throw new UsageError('--model applies to --providers; use --targets provider:model');
  if (targets.length === 0) throw new UsageError('name what to bench: --providers a,b, --targets provider:model,... or --strategy NAME');
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.id)) throw new UsageError(`target ${target.id} is named twice`);
    seen.add(target.id);
  }
  return targets;
}
