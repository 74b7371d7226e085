import type { ProviderTypeDescriptor } from './descriptor.js';

export const ollamaDescriptor = {
  type: 'ollama',
  label: 'Ollama',
  // A local server wants no key; one written in providers.yaml is still sent (a proxy in front may check it).
  apiKey: { required: false },
  // Ollama's documented address. It listens on 127.0.0.1 by default; Node 20 connects to either
  // family of a dual-stack `localhost` (autoSelectFamily), and this is the URL users know.
  address: { key: 'base_url', variable: 'OLLAMA_BASE_URL', default: 'http://localhost:11434' },
  models: { default: 'llama3.2', variablePrefix: 'OLLAMA' },
  local: true,
  priceFamily: 'free',
} satisfies ProviderTypeDescriptor<'ollama'>;
