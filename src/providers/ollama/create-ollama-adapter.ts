import type { ProviderAdapter } from '../../spec/adapter.js';
import type { ProviderConfig } from '../../spec/config.js';
import type { ResolvedAdapterOptions } from '../adapter-options.js';
import { OllamaAdapter } from './ollama-adapter.js';

/** Ollama's own default address; ollama-js does not read OLLAMA_HOST either. */
const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export async function createOllamaAdapter(provider: ProviderConfig, options: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  const { Ollama } = await import('ollama');
  return new OllamaAdapter({ provider, Ollama, host: provider.baseUrl ?? DEFAULT_OLLAMA_HOST, options });
}
