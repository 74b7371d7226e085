import type { OpenAI } from 'openai';
import { descriptorOf } from '../../provider-types/index.js';
import type { ProviderAdapter } from '../../spec/adapter.js';
import type { ProviderConfig } from '../../spec/config.js';
import type { ResolvedAdapterOptions } from '../adapter-options.js';
import { observingFetch } from '../shared/observed-fetch.js';
import { unavailableAdapter } from '../unavailable-adapter.js';
import type { MaxTokensField } from './build-openai-request.js';
import { OpenAiChatAdapter } from './openai-chat-adapter.js';

/*
 * The three client builders that share one adapter. SDK retries are off (the router owns
 * retrying) and the client timeout is the provider's per-attempt timeout. Required settings were
 * checked before (assertAdapterSettings, from the type's descriptor).
 */

type OpenAiSdk = typeof import('openai');

export async function createOpenAiAdapter(provider: ProviderConfig, options: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  if (!provider.apiKey) return unavailableAdapter(provider);
  const sdk = await import('openai');
  const client = new sdk.OpenAI({
    apiKey: provider.apiKey,
    // null, not undefined: undefined would let the SDK read OPENAI_BASE_URL behind config's back.
    baseURL: provider.baseUrl ?? null,
    maxRetries: 0,
    timeout: provider.timeoutMs,
    fetch: observingFetch,
  });
  return adapterFor(sdk, provider, options, client, { maxTokensField: 'max_completion_tokens', streamUsageOption: typeDefault(provider) }, `GET ${pathOf(client.baseURL)}/models`);
}

export async function createCustomAdapter(provider: ProviderConfig, options: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  const sdk = await import('openai');
  const client = new sdk.OpenAI({
    // Local OpenAI-compatible servers usually want no key, but the SDK insists on one.
    apiKey: provider.apiKey || 'no-key',
    baseURL: provider.baseUrl as string,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: provider.timeoutMs,
    fetch: observingFetch,
  });
  return adapterFor(sdk, provider, options, client, { maxTokensField: 'max_tokens', streamUsageOption: typeDefault(provider) }, `GET ${pathOf(client.baseURL)}/models`);
}

export async function createAzureOpenAiAdapter(provider: ProviderConfig, options: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  if (!provider.apiKey) return unavailableAdapter(provider);
  const apiVersion = provider.apiVersion as string;
  const sdk = await import('openai');
  // No `deployment` option: the SDK then takes the deployment from the body's model, so one
  // client serves every deployment listed under `models`.
  const client = new sdk.AzureOpenAI({
    apiKey: provider.apiKey,
    apiVersion,
    ...(provider.endpoint ? { endpoint: provider.endpoint, baseURL: null } : { baseURL: provider.baseUrl }),
    maxRetries: 0,
    timeout: provider.timeoutMs,
    fetch: observingFetch,
  });
  // Azure's data-plane "Models - List": authenticated, free, and scoped to the api-version.
  return adapterFor(sdk, provider, options, client, azureFieldsFor(apiVersion), `GET ${pathOf(client.baseURL)}/models?api-version=${apiVersion}`);
}

function adapterFor(sdk: OpenAiSdk, provider: ProviderConfig, options: ResolvedAdapterOptions, client: OpenAI, fields: OpenAiWireFields, pingCheck: string): ProviderAdapter {
  // The provider's own `stream_usage:` wins over what the type (or its api-version) would send.
  const streamUsageOption = provider.streamUsage ?? fields.streamUsageOption;
  return new OpenAiChatAdapter({ provider, client, sdkErrors: sdk, ...fields, streamUsageOption, pingCheck, options });
}

function typeDefault(provider: ProviderConfig): boolean {
  return descriptorOf(provider.type).streamUsage?.default ?? true;
}

/** How a server of the family differs on the wire. */
export interface OpenAiWireFields {
  maxTokensField: MaxTokensField;
  streamUsageOption: boolean;
}

function pathOf(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/**
 * Azure api-versions before 2024-09-01(-preview) reject both `max_completion_tokens` and
 * `stream_options` as unrecognized arguments, and the seed configuration uses 2023-12-01-preview.
 * For those, the cap goes in `max_tokens` and streamed usage is counted locally.
 */
export function azureFieldsFor(apiVersion: string): OpenAiWireFields {
  const modern = apiVersion.slice(0, 10) >= '2024-09-01';
  return { maxTokensField: modern ? 'max_completion_tokens' : 'max_tokens', streamUsageOption: modern && (descriptorOf('azure_openai').streamUsage?.default ?? true) };
}
