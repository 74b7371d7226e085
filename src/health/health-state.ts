import type { StateStore } from '../spec/state.js';
import type { HealthStatus } from './status.js';

/**
 * The last health verdict per provider, under `health:<provider>`, so `metrics` (another process,
 * maybe much later) can export provider_up from it.
 */
export interface StoredHealth {
  status: HealthStatus;
  checkedAtMs: number;
  latencyMs: number | null;
  error: string | null;
}

export function healthKey(provider: string): string {
  return `health:${provider}`;
}

export async function saveHealth(state: StateStore, provider: string, health: StoredHealth): Promise<void> {
  const key = healthKey(provider);
  await state.update([key], () => ({ set: { [key]: health }, result: undefined }));
}

export async function loadHealth(state: StateStore, provider: string): Promise<StoredHealth | undefined> {
  return state.get<StoredHealth>(healthKey(provider));
}
