import { Command, CommanderError, Option } from 'commander';
import { LlmxCommand } from './commands/llmx-command.js';
import { ExitCode, LlmxError, UsageError, type ExitCodeValue } from './spec/errors.js';
import { printsJson, registerCommands } from './commands/index.js';
import { commandPath, jsonError, printJson, printedEnvelopes } from './commands/output.js';
import { redactSecrets } from './shared/redact-secrets.js';
import { VERSION } from './version.js';

/**
 * Builds the program and is the only place that turns errors into text and exit codes.
 * Command modules are registered eagerly (cheap: commander only) and load their engines lazily.
 */
export function buildProgram(): Command {
  const program = new LlmxCommand('llmx')
    .description('Prompt, benchmark and report the cost of LLM providers through one routing core.')
    .version(VERSION, '-V, --version')
    .option('--config <path>', 'providers.yaml to use (else $LLMX_CONFIG, ./providers.yaml, $XDG_CONFIG_HOME/llmx/providers.yaml)')
    .option('--db <path|url>', 'state and ledger: a SQLite file or a postgres:// URL (else $LLMX_DB, $XDG_DATA_HOME/llmx/llmx.db)')
    .option('--json', 'print one JSON envelope on stdout')
    .option('-v, --verbose', 'log routing decisions and attempts to stderr; show stack traces')
    .addOption(new Option('--no-color', 'no colours (also NO_COLOR; FORCE_COLOR=1 colours a pipe)'))
    .option('--wide', 'tables show every column, however wide (default: fit the terminal, COLUMNS, or 120 when piped)')
    .addHelpText(
      'after',
      [
        '',
        'A prompt without a subcommand is asked: `llmx "what is 2+2"` and `echo text | llmx` are',
        '`llmx ask ...`, options included, unless the first word is a subcommand (then `llmx ask ...`).',
      ].join('\n'),
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.configureOutput({ outputError: (text, write) => write(text) });
  registerCommands(program);
  program.hook('preAction', (_program, actionCommand) => {
    running = commandPath(actionCommand);
    if (actionCommand.optsWithGlobals().json && !printsJson(actionCommand)) throw new UsageError(`--json: llmx ${running} has no JSON output; run it without --json`);
  });
  return program;
}

/** The subcommand being run, once commander has parsed its way to it (for the error envelope). */
let running: string | undefined;

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const verbose = argv.includes('-v') || argv.includes('--verbose') || isTruthy(process.env.LLMX_DEBUG);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    const exitCode = reportError(error, verbose);
    process.exitCode = exitCode;
    // A script that asked for --json reads stdout: it gets an envelope on failure too, unless the
    // command already printed its own (ask's carries the attempts and the partial answer).
    if (exitCode !== ExitCode.ok && wantsJson(argv) && printedEnvelopes() === 0) {
      printJson(running ?? subcommandIn(program, argv), { error: jsonError(asReported(error), exitCode) });
    }
  }
  // Every command has finished its work when its action resolves (servers and dashboards resolve
  // on stop). Exit now rather than when the event loop drains: the SDKs' keep-alive sockets would
  // otherwise hold a one-shot `llmx ask` open for seconds after the answer was printed. But not
  // before stdout and stderr are flushed: writes to a pipe whose buffer (64 KB) is full are queued,
  // and process.exit() would drop them (a 512 KB answer piped to `cat` arrived cut at 64 KB).
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(process.exitCode ?? ExitCode.ok);
}

/** Resolves once everything written to `stream` so far has been handed to the OS (or the stream failed). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    // A write's callback runs after every write before it has been flushed.
    stream.write('', () => resolve());
  });
}

/** Commander's errors as the line a person reads: "unknown option '--x'", not "error: unknown ...". */
function asReported(error: unknown): unknown {
  if (!(error instanceof CommanderError)) return error;
  return new Error(error.code === 'commander.help' ? 'no command given (see llmx --help)' : error.message.replace(/^error: /, ''));
}

/** `--json` among the options (not after a `--`, where it would be part of a prompt). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The subcommand named in argv, when commander failed before reaching it (an unknown option). */
function subcommandIn(program: Command, argv: readonly string[]): string {
  let at = program;
  for (const word of argv.slice(2)) at = at.commands.find((command) => command.name() === word) ?? at;
  return at === program ? 'llmx' : commandPath(at);
}

/** One clean line (plus any detail lines) on stderr; the stack only when asked for. */
export function reportError(error: unknown, verbose: boolean): ExitCodeValue {
  if (error instanceof CommanderError) {
    // commander already printed its message; --help and --version exit 0.
    if (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return ExitCode.usage;
  }
  // Every line is redacted once more here: a message built anywhere (an SDK's, a server's, a URL in
  // a system error) reaches the terminal only through this.
  if (error instanceof LlmxError) {
    process.stderr.write(`llmx: ${redactSecrets(error.message)}\n`);
    for (const line of error.details) process.stderr.write(`  ${redactSecrets(line)}\n`);
    if (verbose && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`llmx: internal error: ${redactSecrets(message)}\n`);
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${redactSecrets(error.stack)}\n`);
  else process.stderr.write('  (run with -v or LLMX_DEBUG=1 for the stack trace)\n');
  return ExitCode.internal;
}

export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
