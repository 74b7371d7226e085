import { execFile } from 'node:child_process';
import { CLI } from './built-dist.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI in `cwd` with a scrubbed environment: no provider keys, no user config, TZ=UTC
 * unless the test sets another, no colour.
 */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: options.cwd,
    XDG_CONFIG_HOME: options.cwd,
    XDG_DATA_HOME: options.cwd,
    TZ: 'UTC',
    NO_COLOR: '1',
    COLUMNS: '120',
    ...options.env,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
