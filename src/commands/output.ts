import type { Command } from 'commander';
import { redactSecrets } from '../shared/redact-secrets.js';
import { ExitCode, LlmxError, ProviderCallError, type ExitCodeValue } from '../spec/errors.js';
import { colorEnabled, createStyle, type Style } from '../shared/color.js';
import { terminalColumns } from '../shared/terminal-width.js';

/** Options every command accepts, before or after the subcommand name. */
export interface GlobalOptions {
  config?: string;
  db?: string;
  json?: boolean;
  verbose?: boolean;
  /** Colour on stdout (see shared/color.ts: --no-color, FORCE_COLOR, NO_COLOR, a terminal). */
  color: boolean;
  /** Colour on stderr, by the same rule (a summary or progress to a terminal while stdout is piped). */
  stderrColor: boolean;
  /** Tables show every column, however wide (`--wide`). */
  wide: boolean;
  /** The width tables fit into: COLUMNS, else the terminal's, else 120. */
  columns: number;
}

export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals() as Omit<GlobalOptions, 'stderrColor' | 'columns'> & { color?: boolean };
  const verbose = Boolean(all.verbose) || isDebugEnv();
  const flag = all.color !== false;
  return {
    ...all,
    verbose,
    color: colorEnabled(process.stdout, { flag }),
    stderrColor: colorEnabled(process.stderr, { flag }),
    wide: Boolean(all.wide),
    columns: terminalColumns(process.stdout),
  };
}

/** How a table on stdout is drawn: its palette, the width it fits, whether to show every column. */
export function tableOptions(globals: GlobalOptions): { style: Style; width: number; wide: boolean } {
  return { style: styleFor(globals), width: globals.columns, wide: globals.wide };
}

/** The palette for what goes to stdout (`stream: 'stderr'` for notes and progress). */
export function styleFor(globals: GlobalOptions, stream: 'stdout' | 'stderr' = 'stdout'): Style {
  return createStyle(stream === 'stdout' ? globals.color : globals.stderrColor);
}

function isDebugEnv(): boolean {
  const value = process.env.LLMX_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** A subcommand's full name, as its envelope's `command` says it: "ask", "config show". */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The one JSON envelope every command's --json prints: the same shape for data, for nothing, and for a failure. */
export interface JsonEnvelope<T> {
  schema_version: 1;
  command: string;
  data: T;
  warnings: string[];
}

export function jsonEnvelope<T>(command: string, data: T, warnings: readonly string[] = []): JsonEnvelope<T> {
  return { schema_version: 1, command, data, warnings: [...warnings] };
}

/**
 * The envelope as text, ending in a newline: indented (one document per run), or on one line where a
 * command prints one envelope per round (`health --watch --json`: one JSON value per line).
 */
export function envelopeText(envelope: JsonEnvelope<unknown>, layout: 'indented' | 'one-line' = 'indented'): string {
  return `${JSON.stringify(envelope, null, layout === 'indented' ? 2 : undefined)}\n`;
}

let envelopesPrinted = 0;

/** Prints an envelope on stdout. cli.ts prints an error envelope for a failed --json run that printed none. */
export function printJson<T>(command: string, data: T, warnings: readonly string[] = [], layout: 'indented' | 'one-line' = 'indented'): void {
  process.stdout.write(envelopeText(jsonEnvelope(command, data, warnings), layout));
  envelopesPrinted++;
}

/** How many envelopes this process has printed on stdout. */
export function printedEnvelopes(): number {
  return envelopesPrinted;
}

/** What `data.error` holds when a command fails: the message, the error class of a provider error, the exit code. */
export interface JsonError {
  message: string;
  error_class: string | null;
  exit_code: ExitCodeValue;
}

/** `exitCode` overrides the error's own (cli.ts knows a commander parse error is a usage error). */
export function jsonError(error: unknown, exitCode?: ExitCodeValue): JsonError {
  return {
    message: redactSecrets(error instanceof Error ? error.message : String(error)),
    error_class: error instanceof ProviderCallError ? error.errorClass : null,
    exit_code: exitCode ?? (error instanceof LlmxError ? error.exitCode : ExitCode.internal),
  };
}

/** Notes, warnings and progress go to stderr; stdout carries only the answer or the data. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

export { warn } from '../shared/warning.js';
