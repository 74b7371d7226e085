import type { Config } from '../spec/config.js';
import { ProviderCallError } from '../spec/errors.js';
import type { StrategyConfig } from '../spec/config.js';
import { Router, type RouterOptions } from './router.js';
import type { TargetStatus } from './target-status.js';

/**
 * A router for looking only (`llmx strategies`): config and store opened as the other commands do,
 * and an adapter factory that refuses, so nothing here can reach a provider.
 */
export interface Inspection {
  config: Config;
  router: Router;
  list(): Promise<Array<{ strategy: StrategyConfig; targets: TargetStatus[] }>>;
  close(): void;
}

/** A Router that can explain and inspect but never reach a provider: its adapter factory refuses. */
export function lookOnlyRouter(options: Omit<RouterOptions, 'adapterFor'>): Router {
  return new Router({
    ...options,
    adapterFor: async (provider) => {
      throw new ProviderCallError({ provider: provider.name, model: '', errorClass: 'other', message: 'inspection never calls a provider' });
    },
  });
}

export async function openInspection(options: { config?: string; db?: string }): Promise<Inspection> {
  const { loadConfig } = await import('../config/index.js');
  const config = await loadConfig({ configPath: options.config });
  const { openStore } = await import('../store/index.js');
  const store = await openStore({ path: options.db });
  const { createPriceLookup } = await import('../pricing/index.js');
  const router = lookOnlyRouter({ config, state: store.state, priceOf: createPriceLookup(config) });
  return {
    config,
    router,
    list: async () => {
      const result = [];
      for (const name of Object.keys(config.strategies)) result.push(await router.inspect(name));
      return result;
    },
    close: () => store.close(),
  };
}
