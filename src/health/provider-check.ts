import type { ProviderAdapter } from '../spec/adapter.js';
import type { ChatResult } from '../spec/chat.js';
import type { ProviderConfig } from '../spec/config.js';
import type { CheckReport, HealthCheckFn } from './health-checker.js';

export type AdapterFactory = (provider: ProviderConfig) => Promise<ProviderAdapter>;

export interface ProviderCheckOptions {
  /** A one-token completion on the provider's first model instead of the cheapest authenticated call. */
  deep: boolean;
  /**
   * Built before the check starts: loading an SDK the first time takes a few hundred ms, which is
   * llmx's start-up, not the provider's latency.
   */
  adapter: ProviderAdapter;
  /** Receives a deep check's completion (it cost tokens, so the caller records it). */
  onCompletion?: (result: ChatResult, model: string) => void;
}

/** The prompt of a deep check: the shortest that every provider answers without refusing. */
export const DEEP_CHECK_PROMPT = 'Reply with the word ok.';

/** A HealthCheckFn for one provider: `ping` (model list, tags or version) or, deep, a one-token chat. */
export function providerCheck(provider: ProviderConfig, options: ProviderCheckOptions): HealthCheckFn {
  return async ({ signal }): Promise<CheckReport> => {
    const adapter = options.adapter;
    if (!options.deep) {
      const ping = await adapter.ping({ signal });
      return { ok: ping.ok, latencyMs: ping.latencyMs, check: ping.check, error: ping.ok ? null : `${ping.check} did not succeed` };
    }
    const model = provider.models[0];
    const result = await adapter.chat({ model, messages: [{ role: 'user', content: DEEP_CHECK_PROMPT }], maxTokens: 1, temperature: 0 }, { signal });
    options.onCompletion?.(result, model);
    return { ok: true, latencyMs: result.latencyMs, check: `chat ${model} (1 token)` };
  };
}
