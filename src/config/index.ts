import { isAbsolute, relative } from 'node:path';
import type { Config } from '../spec/config.js';
import { ConfigError } from '../spec/errors.js';
import { locateConfig } from './discovery.js';
import { effectiveEnv } from './dotenv.js';
import { configFromEnvironment } from './env-only.js';
import { parseConfigText } from './parse-config.js';
import { readConfigText } from './read-capped.js';

export { locateConfig, type DiscoveryOptions, type LocatedConfig } from './discovery.js';
export { parseConfigText } from './parse-config.js';
export { configFromEnvironment, environmentSettings, ENVIRONMENT_SOURCE, type EnvironmentSettings, type RawProviderSettings } from './env-only.js';
export { redactConfig, redactedConfigYaml, maskSecret, maskUrl } from './redact.js';
export { parseDotenv, readDotenv, effectiveEnv } from './dotenv.js';
export { interpolate } from './interpolate.js';

export interface LoadConfigOptions {
  /** `--config PATH` (relative to `cwd`). Default: discovery ($LLMX_CONFIG, ./providers.yaml, $XDG_CONFIG_HOME/llmx/providers.yaml). */
  configPath?: string;
  /** Where ./providers.yaml and .env are looked for. Default: process.cwd(). */
  cwd?: string;
  /** The real environment; it wins over `.env`. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds, reads and validates the configuration. Throws ConfigError (exit 3) with
 * "file:line:col: key.path: message"; problems that leave the rest usable (an unset ${VAR})
 * are in `config.warnings` instead.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const cwd = options.cwd ?? process.cwd();
  const { env, warnings } = effectiveEnv(cwd, options.env ?? process.env);
  const located = locateConfig({ configPath: options.configPath, cwd, env });
  if (located === null) {
    const config = configFromEnvironment(env);
    config.warnings.unshift(...warnings);
    return config;
  }
  const sourceName = displayPath(located.path, cwd);
  let text: string;
  try {
    text = readConfigText(located.path, sourceName);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ConfigError(`cannot read ${sourceName} (named by ${located.origin}): ${reason}`, undefined, { cause: error });
  }
  const config = parseConfigText(text, sourceName, env);
  config.warnings.unshift(...warnings);
  return config;
}

/**
 * The providers.yaml llmx would read (after `.env`, which may set LLMX_CONFIG), or null when the
 * environment alone configures it.
 */
export function resolveConfigPath(options: LoadConfigOptions = {}): string | null {
  const cwd = options.cwd ?? process.cwd();
  const { env } = effectiveEnv(cwd, options.env ?? process.env);
  return locateConfig({ configPath: options.configPath, cwd, env })?.path ?? null;
}

/** Relative to the working directory when inside it, so messages read "providers.yaml:12:28". */
function displayPath(path: string, cwd: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : path;
}
