import type { ProviderAdapter } from '../spec/adapter.js';
import type { ProviderConfig } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { resolveAdapterOptions, type AdapterOptions, type ResolvedAdapterOptions } from './adapter-options.js';

export type { AdapterOptions } from './adapter-options.js';
export { estimateTokens } from './estimate-tokens.js';

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
  switch (provider.type) {
    case 'openai':
    case 'custom':
    case 'azure_openai': {
      const { createOpenAiFamilyAdapter } = await import('./openai/create-openai-family-adapter.js');
      return createOpenAiFamilyAdapter(provider, resolved);
    }
    case 'anthropic': {
      const { createAnthropicAdapter } = await import('./anthropic/create-anthropic-adapter.js');
      return createAnthropicAdapter(provider, resolved);
    }
    case 'ollama': {
      const { createOllamaAdapter } = await import('./ollama/create-ollama-adapter.js');
      return createOllamaAdapter(provider, resolved);
    }
    default:
      throw new ConfigError(`providers.${provider.name}.type: unknown provider type "${String((provider as { type: unknown }).type)}"`);
  }
}
