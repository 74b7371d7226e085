import { ollamaDescriptor } from '../../provider-types/index.js';
import type { ProviderAdapter } from '../../spec/adapter.js';
import type { ProviderConfig } from '../../spec/config.js';
import type { ResolvedAdapterOptions } from '../adapter-options.js';
import { OllamaAdapter } from './ollama-adapter.js';

export async function createOllamaAdapter(provider: ProviderConfig, options: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  const { Ollama } = await import('ollama');
  // The descriptor's default, the one config fills in: ollama-js does not read OLLAMA_HOST either.
  return new OllamaAdapter({ provider, Ollama, host: provider.baseUrl ?? ollamaDescriptor.address.default, options });
}
