import type { ProviderAdapter } from '../spec/adapter.js';
import type { ProviderConfig, ProviderType } from '../spec/config.js';
import type { ResolvedAdapterOptions } from './adapter-options.js';

export type AdapterFactory = (provider: ProviderConfig, options: ResolvedAdapterOptions) => Promise<ProviderAdapter>;

/**
 * The SDK-loading half of a provider type (the data half is its descriptor in src/provider-types/).
 * Each entry imports its adapter folder on first use, so only that type's SDK is ever loaded:
 * `llmx --help` loads none and `llmx ask` one. A record over ProviderType: a new type without an
 * entry does not compile.
 */
export const ADAPTER_FACTORIES: Record<ProviderType, AdapterFactory> = {
  openai: async (provider, options) => (await import('./openai/create-openai-family-adapter.js')).createOpenAiAdapter(provider, options),
  custom: async (provider, options) => (await import('./openai/create-openai-family-adapter.js')).createCustomAdapter(provider, options),
  azure_openai: async (provider, options) => (await import('./openai/create-openai-family-adapter.js')).createAzureOpenAiAdapter(provider, options),
  anthropic: async (provider, options) => (await import('./anthropic/create-anthropic-adapter.js')).createAnthropicAdapter(provider, options),
  ollama: async (provider, options) => (await import('./ollama/create-ollama-adapter.js')).createOllamaAdapter(provider, options),
};
