/**
 * One descriptor per provider type: what providers.yaml accepts and defaults for it, the variables
 * that configure it without a providers.yaml, whose prices apply. Config (YAML and environment-only),
 * pricing and the adapter factory read these instead of keeping their own per-type tables.
 *
 * Why a layer of its own, just above spec: config, pricing and providers are peers that must not
 * import one another, and all three need this knowledge. It is data plus checks (no SDK, no node:*,
 * imports only spec), so importing it costs start-up nothing; spec itself stays types and errors.
 * The SDK-loading half, `ADAPTER_FACTORIES`, stays in src/providers/ (it imports adapters).
 *
 * Adding a type: its name in spec's PROVIDER_TYPES, then the compiler asks for an entry here and in
 * ADAPTER_FACTORIES (both are records over ProviderType).
 */
import { PROVIDER_TYPES, type ProviderConfig, type ProviderType } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { anthropicDescriptor } from './anthropic.js';
import { azureOpenAiDescriptor } from './azure-openai.js';
import { customDescriptor } from './custom.js';
import type { ProviderTypeDescriptor } from './descriptor.js';
import { ollamaDescriptor } from './ollama.js';
import { openAiDescriptor } from './openai.js';

export type { PriceFamily, ProviderTypeDescriptor } from './descriptor.js';
// Each with its precise type (e.g. ollamaDescriptor.address.default is a string). Import them from
// here, not from their files: the bundle then keeps every descriptor in one chunk.
export { anthropicDescriptor, azureOpenAiDescriptor, customDescriptor, ollamaDescriptor, openAiDescriptor };

export const PROVIDER_TYPE_DESCRIPTORS: { readonly [T in ProviderType]: ProviderTypeDescriptor<T> } = {
  openai: openAiDescriptor,
  anthropic: anthropicDescriptor,
  ollama: ollamaDescriptor,
  azure_openai: azureOpenAiDescriptor,
  custom: customDescriptor,
};

export function descriptorOf<T extends ProviderType>(type: T): ProviderTypeDescriptor<T> {
  return PROVIDER_TYPE_DESCRIPTORS[type];
}

export function isProviderType(name: string): name is ProviderType {
  return (PROVIDER_TYPES as readonly string[]).includes(name);
}

/** The ProviderConfig field each address key fills. */
export const ADDRESS_FIELD = { base_url: 'baseUrl', endpoint: 'endpoint' } as const satisfies Record<ProviderTypeDescriptor['address']['key'], keyof ProviderConfig>;

/**
 * The adapter factory's check of a ProviderConfig that did not come through config (a library
 * user's, a test's): what the type cannot work without. A missing key is not an error here: that
 * provider is listed and reported unavailable instead.
 */
export function assertAdapterSettings(provider: ProviderConfig): void {
  const { address, apiVersion } = descriptorOf(provider.type);
  // A type addressed by `endpoint` also takes a full base URL instead (the Azure client accepts either).
  const located = address.key === 'endpoint' ? (provider.endpoint ?? provider.baseUrl) : provider.baseUrl;
  if (address.requiredHint !== undefined && !located) throw missing(provider, address.key);
  if (apiVersion !== undefined && !provider.apiVersion) throw missing(provider, 'api_version');
}

function missing(provider: ProviderConfig, key: string): ConfigError {
  return new ConfigError(`providers.${provider.name}.${key} is required for type ${provider.type}`);
}
