import { Console } from 'node:console';
import type { ProviderAdapter } from '../../spec/adapter.js';
import type { ProviderConfig } from '../../spec/config.js';
import type { ResolvedAdapterOptions } from '../adapter-options.js';
import { observingFetch } from '../shared/observed-fetch.js';
import { unavailableAdapter } from '../unavailable-adapter.js';
import { AnthropicAdapter } from './anthropic-adapter.js';

export async function createAnthropicAdapter(provider: ProviderConfig, options: ResolvedAdapterOptions): Promise<ProviderAdapter> {
  // Without an explicit key the SDK would go looking for credential profiles on disk.
  if (!provider.apiKey) return unavailableAdapter(provider);
  const sdk = await import('@anthropic-ai/sdk');
  const client = new sdk.Anthropic({
    apiKey: provider.apiKey,
    // null, not undefined: undefined would let the SDK read ANTHROPIC_BASE_URL behind config's back.
    baseURL: provider.baseUrl ?? null,
    maxRetries: 0,
    timeout: provider.timeoutMs,
    // The SDK logs to console by default, which writes info lines to stdout: stdout is the answer's.
    logger: new Console(process.stderr),
    openTelemetry: false,
    fetch: observingFetch,
  });
  const basePath = new URL(client.baseURL).pathname.replace(/\/+$/, '');
  return new AnthropicAdapter({ provider, client, sdkErrors: sdk, pingCheck: `GET ${basePath}/v1/models`, options });
}
