import type { Command } from 'commander';
import { commandPath } from './output.js';
import { registerAsk } from './ask.js';
import { registerBench } from './bench.js';
import { registerConfig } from './config.js';
import { registerCosts } from './costs.js';
import { registerDb } from './db.js';
import { registerDemo } from './demo.js';
import { registerHealth } from './health.js';
import { registerMetrics } from './metrics.js';
import { registerSimulate } from './simulate.js';
import { registerStrategies } from './strategies.js';

/** Every subcommand, in the order `llmx --help` lists them. Each module imports its engine lazily. */
export function registerCommands(program: Command): void {
  registerAsk(program);
  registerBench(program);
  registerHealth(program);
  registerCosts(program);
  registerStrategies(program);
  registerMetrics(program);
  registerConfig(program);
  registerDb(program);
  registerSimulate(program);
  registerDemo(program);
}

/**
 * The commands whose action prints a JSON envelope with --json. cli.ts refuses --json (exit 2) for any
 * other rather than ignore it, so a new command without JSON output says so instead of printing text
 * to a script expecting JSON. `metrics` prints the Prometheus text format; `demo` is a tour for a person.
 */
const JSON_COMMANDS: ReadonlySet<string> = new Set(['ask', 'bench', 'health', 'costs', 'strategies', 'strategies explain', 'config show', 'config validate', 'simulate', 'db copy']);

export function printsJson(command: Command): boolean {
  return JSON_COMMANDS.has(commandPath(command));
}
