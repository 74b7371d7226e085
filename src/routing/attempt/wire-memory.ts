import type { OptionalWireFeature } from '../../spec/chat.js';
import type { ProviderConfig } from '../../spec/config.js';
import type { StateStore } from '../../spec/state.js';

/**
 * What llmx has learned a provider's server refuses (today: `stream_options`), kept in the shared
 * state so that every process, and the next run, leaves it out at once instead of paying a 400 and
 * a second request each time. Tied to the server's address (a provider pointed elsewhere learns
 * again) and forgotten after a day (an upgraded server gets the option back).
 */

/** How long a refusal is remembered, ms. */
export const WIRE_MEMORY_TTL_MS = 24 * 60 * 60 * 1000;

export function wireKey(provider: string): string {
  return `wire:${provider}`;
}

/** The shared-state value under wireKey: when each feature was refused, and by which address. */
export interface WireMemoryState {
  refused: Partial<Record<OptionalWireFeature, { atMs: number; address: string | null }>>;
}

export function addressOf(provider: ProviderConfig): string | null {
  return provider.baseUrl ?? provider.endpoint ?? null;
}

/** The features to leave out for `provider` at `nowMs`, from its remembered state. */
export function featuresToLeaveOut(state: WireMemoryState | undefined, provider: ProviderConfig, nowMs: number): OptionalWireFeature[] {
  if (!state?.refused) return [];
  const address = addressOf(provider);
  return (Object.entries(state.refused) as Array<[OptionalWireFeature, { atMs: number; address: string | null }]>)
    .filter(([, refusal]) => refusal.address === address && nowMs - refusal.atMs < WIRE_MEMORY_TTL_MS)
    .map(([feature]) => feature);
}

export function rememberRefusal(state: WireMemoryState | undefined, provider: ProviderConfig, feature: OptionalWireFeature, nowMs: number): WireMemoryState {
  return { refused: { ...state?.refused, [feature]: { atMs: nowMs, address: addressOf(provider) } } };
}

/**
 * The executor's view of it: read once per provider per process (and only for streams, the only
 * calls a feature applies to today), written when a server refuses one. Without a store (bench
 * without state) it is this process's memory alone.
 */
export class WireMemory {
  private readonly known = new Map<string, WireMemoryState | undefined>();

  constructor(
    private readonly state: StateStore | undefined,
    private readonly now: () => number,
  ) {}

  async leaveOut(provider: ProviderConfig): Promise<OptionalWireFeature[]> {
    if (!this.known.has(provider.name)) this.known.set(provider.name, await this.state?.get<WireMemoryState>(wireKey(provider.name)));
    return featuresToLeaveOut(this.known.get(provider.name), provider, this.now());
  }

  async remember(provider: ProviderConfig, feature: OptionalWireFeature): Promise<void> {
    const nowMs = this.now();
    const key = wireKey(provider.name);
    const next = this.state
      ? await this.state.update([key], (current) => {
          const written = rememberRefusal(current.get(key) as WireMemoryState | undefined, provider, feature, nowMs);
          return { set: { [key]: written }, result: written };
        })
      : rememberRefusal(this.known.get(provider.name), provider, feature, nowMs);
    this.known.set(provider.name, next);
  }
}

/** What each feature is on the wire, for messages. */
export const FEATURE_WIRE_NAMES: Record<OptionalWireFeature, string> = { stream_usage: 'stream_options' };
