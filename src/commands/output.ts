import type { Command } from 'commander';

/** Options every command accepts, before or after the subcommand name. */
export interface GlobalOptions {
  config?: string;
  db?: string;
  json?: boolean;
  verbose?: boolean;
  color: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals() as GlobalOptions;
  const verbose = Boolean(all.verbose) || isDebugEnv();
  const color = all.color !== false && !process.env.NO_COLOR;
  return { ...all, verbose, color };
}

function isDebugEnv(): boolean {
  const value = process.env.LLMX_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The one JSON envelope every command's --json prints. */
export interface JsonEnvelope<T> {
  schema_version: 1;
  command: string;
  data: T;
  warnings: string[];
}

export function printJson<T>(command: string, data: T, warnings: string[] = []): void {
  const envelope: JsonEnvelope<T> = { schema_version: 1, command, data, warnings };
  process.stdout.write(`${JSON.stringify(envelope, null, 2)}\n`);
}

/** Notes, warnings and progress go to stderr; stdout carries only the answer or the data. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`llmx: warning: ${message}\n`);
}
