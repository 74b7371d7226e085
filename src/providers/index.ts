import type { ProviderAdapter } from '../spec/adapter.js';
import type { ProviderConfig } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { assertAdapterSettings } from '../provider-types/index.js';
import { ADAPTER_FACTORIES } from './adapter-factories.js';
import { resolveAdapterOptions, type AdapterOptions, type ResolvedAdapterOptions } from './adapter-options.js';

export type { AdapterOptions } from './adapter-options.js';
export { estimateTokens } from './estimate-tokens.js';
export { completeUsage } from './shared/estimate-usage.js';

/**
 * Builds the adapter for one provider. Only that provider type's SDK is loaded (dynamic import),
 * so `llmx --help` loads none and `llmx ask` loads one. Without `options`, the adapter is cached
 * per ProviderConfig object: pass a new config object (not a mutated one) to get a new client.
 */
export async function createAdapter(provider: ProviderConfig, options?: AdapterOptions): Promise<ProviderAdapter> {
  // Callers (the router) ask once per attempt; adapters hold no per-call state, so one per config object will do.
  if (!options) {
    let adapter = cache.get(provider);
    if (!adapter) {
      adapter = buildAdapter(provider, resolveAdapterOptions());
      cache.set(provider, adapter);
      // A failed build (bad config) is not remembered: the config may be fixed and reloaded.
      adapter.catch(() => cache.delete(provider));
    }
    return adapter;
  }
  return buildAdapter(provider, resolveAdapterOptions(options));
}

const cache = new WeakMap<ProviderConfig, Promise<ProviderAdapter>>();

async function buildAdapter(provider: ProviderConfig, resolved: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  // A config cast from untyped input (a library user's JSON) may name any type.
  const factory = Object.hasOwn(ADAPTER_FACTORIES, provider.type) ? ADAPTER_FACTORIES[provider.type] : undefined;
  if (factory === undefined) throw new ConfigError(`providers.${provider.name}.type: unknown provider type "${String((provider as { type: unknown }).type)}"`);
  assertAdapterSettings(provider);
  return factory(provider, resolved);
}
