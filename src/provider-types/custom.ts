import type { ProviderTypeDescriptor } from './descriptor.js';

/** Any OpenAI-compatible endpoint (vLLM, llama.cpp, LM Studio, a gateway). */
export const customDescriptor = {
  type: 'custom',
  label: 'OpenAI-compatible endpoint',
  // Such servers often need no key; an optional key is never read from a variable behind the file's back.
  apiKey: { required: false, variable: 'CUSTOM_PROVIDER_API_KEY' },
  address: { key: 'base_url', variable: 'CUSTOM_PROVIDER_BASE_URL', requiredHint: 'the OpenAI-compatible endpoint, e.g. http://host:8000/v1' },
  // No default model: an arbitrary endpoint's models are unknowable.
  models: { variablePrefix: 'CUSTOM_PROVIDER' },
  streamUsage: { default: true },
  local: false,
  // No vendor: only `pricing:` or a model's `price_as` prices it.
  priceFamily: null,
  nameVariable: 'CUSTOM_PROVIDER_NAME',
} satisfies ProviderTypeDescriptor<'custom'>;
