import type { ProviderAdapter } from '../spec/adapter.js';
import type { ProviderConfig } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { resolveAdapterOptions, type AdapterOptions } from './adapter-options.js';

export type { AdapterOptions } from './adapter-options.js';
export { estimateTokens } from './estimate-tokens.js';

/**
 * Builds the adapter for one provider. Only that provider type's SDK is loaded (dynamic import),
 * so `llmx --help` loads none and `llmx ask` loads one.
 */
export async function createAdapter(provider: ProviderConfig, options?: AdapterOptions): Promise<ProviderAdapter> {
  const resolved = resolveAdapterOptions(options);
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
