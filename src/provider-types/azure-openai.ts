import type { ProviderTypeDescriptor } from './descriptor.js';

export const azureOpenAiDescriptor = {
  type: 'azure_openai',
  label: 'Azure OpenAI',
  apiKey: { required: true, variable: 'AZURE_OPENAI_API_KEY' },
  address: { key: 'endpoint', variable: 'AZURE_OPENAI_ENDPOINT', requiredHint: 'https://<resource>.openai.azure.com/' },
  // A GA data-plane version: an unset api_version falls back to it rather than disabling the provider.
  apiVersion: { variable: 'AZURE_OPENAI_API_VERSION', default: '2024-10-21' },
  // Azure's model names are deployment names; this is the common deployment of the cheap model.
  models: { default: 'gpt-4o-mini', variablePrefix: 'AZURE_OPENAI' },
  // True, but api-versions before 2024-09-01 reject stream_options: for those the adapter leaves it out.
  streamUsage: { default: true },
  local: false,
  // Azure bills OpenAI's models at OpenAI's list prices.
  priceFamily: 'openai',
} satisfies ProviderTypeDescriptor<'azure_openai'>;
