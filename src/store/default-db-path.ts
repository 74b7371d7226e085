import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$LLMX_DB`, else `$XDG_DATA_HOME/llmx/llmx.db`, else `~/.local/share/llmx/llmx.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LLMX_DB) return env.LLMX_DB;
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'llmx', 'llmx.db');
}
