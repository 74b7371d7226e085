import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/sim/index.js';

/** The test suite's one writer of a providers.yaml that points at a running simulator. */
export interface SimYamlOptions {
  /** Top-level lines after `providers:` (strategies, failover, budgets...). */
  extra?: string[];
  /** Lines added under one provider; a `timeout_ms:` among them replaces the default. */
  perProvider?: Record<string, string[]>;
  /** Lines added under every provider. */
  everyProvider?: string[];
  /** The key written for every provider: the simulator's placeholder unless a test is about secrets. */
  apiKey?: string;
  /** Rewrites a provider's base URL (e.g. to put userinfo into it). */
  baseUrl?: (name: string, url: string) => string;
  /** Default `timeout_ms` for every provider. */
  timeoutMs?: number;
  /** Only these of the simulator's providers (default: all). */
  only?: string[];
}

/** providers.yaml text for the simulator's providers (type = protocol, azure via `endpoint:`). */
export function simProvidersYaml(sim: Pick<RunningSimulator, 'providers'>, options: SimYamlOptions = {}): string {
  const { extra = [], perProvider = {}, everyProvider = [], apiKey = 'sim-key', timeoutMs = 3000 } = options;
  const lines = ['providers:'];
  for (const [name, provider] of Object.entries(sim.providers)) {
    if (options.only && !options.only.includes(name)) continue;
    const url = options.baseUrl ? options.baseUrl(name, provider.baseUrl) : provider.baseUrl;
    lines.push(`  ${name}:`, `    type: ${provider.protocol}`, `    api_key: ${apiKey}`);
    lines.push(provider.protocol === 'azure_openai' ? `    endpoint: ${url}` : `    base_url: ${url}`);
    lines.push(`    models: [${provider.models.join(', ')}]`);
    const own = [...everyProvider, ...(perProvider[name] ?? [])];
    if (!own.some((line) => line.startsWith('timeout_ms:'))) lines.push(`    timeout_ms: ${timeoutMs}`);
    for (const line of own) lines.push(`    ${line}`);
  }
  lines.push(...extra);
  return `${lines.join('\n')}\n`;
}

/** Writes `simProvidersYaml` to DIR/providers.yaml and returns the path. */
export function writeSimProvidersYaml(
  dir: string,
  sim: Pick<RunningSimulator, 'providers'>,
  extra: string[] = [],
  perProvider: Record<string, string[]> = {},
  options: Omit<SimYamlOptions, 'extra' | 'perProvider'> = {},
): string {
  const path = join(dir, 'providers.yaml');
  writeFileSync(path, simProvidersYaml(sim, { ...options, extra, perProvider }));
  return path;
}
