import type { ProviderAdapter } from '../spec/adapter.js';
import type { ProviderConfig } from '../spec/config.js';

export type AdapterFactory = (provider: ProviderConfig) => Promise<ProviderAdapter>;

/**
 * Builds each provider's adapter once and hands the same one back after. A failed construction
 * (e.g. a missing SDK) is retried on the next request, not cached.
 */
export function cacheAdapters(adapterFor: AdapterFactory): AdapterFactory {
  const adapters = new Map<string, Promise<ProviderAdapter>>();
  return (provider) => {
    let adapter = adapters.get(provider.name);
    if (!adapter) {
      adapter = adapterFor(provider);
      adapter.catch(() => adapters.delete(provider.name));
      adapters.set(provider.name, adapter);
    }
    return adapter;
  };
}
