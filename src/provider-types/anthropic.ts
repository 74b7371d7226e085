import type { ProviderTypeDescriptor } from './descriptor.js';

export const anthropicDescriptor = {
  type: 'anthropic',
  label: 'Anthropic',
  apiKey: { required: true, variable: 'ANTHROPIC_API_KEY' },
  address: { key: 'base_url', variable: 'ANTHROPIC_BASE_URL' },
  models: { default: 'claude-haiku-4-5', variablePrefix: 'ANTHROPIC' },
  local: false,
  priceFamily: 'anthropic',
} satisfies ProviderTypeDescriptor<'anthropic'>;
