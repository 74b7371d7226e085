import type { ProviderTypeDescriptor } from './descriptor.js';

export const openAiDescriptor = {
  type: 'openai',
  label: 'OpenAI',
  apiKey: { required: true, variable: 'OPENAI_API_KEY' },
  address: { key: 'base_url', variable: 'OPENAI_BASE_URL' },
  // Small, cheap and current, so that a forgotten `models:` costs little.
  models: { default: 'gpt-4o-mini', variablePrefix: 'OPENAI' },
  streamUsage: { default: true },
  local: false,
  priceFamily: 'openai',
} satisfies ProviderTypeDescriptor<'openai'>;
