import type { ProviderAdapter } from '../spec/adapter.js';
import type { ChatRequest, StreamEvent } from '../spec/chat.js';
import type { ProviderConfig } from '../spec/config.js';
import { unavailableError } from './shared/build-provider-error.js';

/**
 * Stands in for a provider whose key is missing, so listing and health still work and every
 * call fails with one `unavailable` error naming what to set (instead of the SDK's own complaint).
 */
export function unavailableAdapter(provider: ProviderConfig): ProviderAdapter {
  const defaultModel = provider.models[0] ?? '';
  return {
    name: provider.name,
    type: provider.type,
    chat: async (request: ChatRequest) => {
      throw unavailableError(provider, request.model);
    },
    // eslint-disable-next-line require-yield
    stream: async function* (request: ChatRequest): AsyncIterable<StreamEvent> {
      throw unavailableError(provider, request.model);
    },
    ping: async () => {
      throw unavailableError(provider, defaultModel);
    },
  };
}
