import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export interface DiscoveryOptions {
  /** `--config PATH`; relative paths resolve against `cwd`. */
  configPath?: string;
  /** Directory searched for providers.yaml and .env. Default: process.cwd(). */
  cwd?: string;
  /** Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface LocatedConfig {
  path: string;
  /** How it was found, for messages: "--config", "LLMX_CONFIG", "./providers.yaml", "XDG_CONFIG_HOME". */
  origin: string;
  /** Explicitly named files must exist; discovered ones exist by construction. */
  explicit: boolean;
}

/** The discovery order of issue 2: --config, $LLMX_CONFIG, ./providers.yaml, $XDG_CONFIG_HOME/llmx/providers.yaml. */
export function locateConfig(options: DiscoveryOptions = {}): LocatedConfig | null {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  if (options.configPath) return { path: resolve(cwd, options.configPath), origin: '--config', explicit: true };
  if (env.LLMX_CONFIG) return { path: resolve(cwd, env.LLMX_CONFIG), origin: 'LLMX_CONFIG', explicit: true };
  const local = join(cwd, 'providers.yaml');
  if (existsSync(local)) return { path: local, origin: './providers.yaml', explicit: false };
  const user = join(xdgConfigHome(env), 'llmx', 'providers.yaml');
  if (existsSync(user)) return { path: user, origin: 'XDG_CONFIG_HOME', explicit: false };
  return null;
}

/** XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored. */
export function xdgConfigHome(env: NodeJS.ProcessEnv): string {
  const configured = env.XDG_CONFIG_HOME;
  if (configured && isAbsolute(configured)) return configured;
  return join(env.HOME || homedir(), '.config');
}
