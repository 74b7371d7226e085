import type { Config, StrategyConfig } from '../spec/config.js';
import { ProviderCallError } from '../spec/errors.js';
import { Router, type RouterOptions } from './router.js';
import type { TargetStatus } from './target-status.js';

/**
 * A Router for looking only (`llmx strategies`, `ask --explain`): it can explain and inspect, and
 * its adapter factory refuses, so nothing done with it can reach a provider.
 */
export function lookOnlyRouter(options: Omit<RouterOptions, 'adapterFor'>): Router {
  return new Router({
    ...options,
    adapterFor: async (provider) => {
      throw new ProviderCallError({ provider: provider.name, model: '', errorClass: 'other', message: 'inspection never calls a provider' });
    },
  });
}

/** Every strategy in `config`, in config order, with its targets' live state. */
export async function inspectStrategies(router: Router, config: Config): Promise<Array<{ strategy: StrategyConfig; targets: TargetStatus[] }>> {
  const result = [];
  for (const name of Object.keys(config.strategies)) result.push(await router.inspect(name));
  return result;
}
