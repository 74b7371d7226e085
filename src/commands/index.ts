import type { Command } from 'commander';
import { registerAsk } from './ask.js';
import { registerBench } from './bench.js';
import { registerConfig } from './config.js';
import { registerCosts } from './costs.js';
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
  registerSimulate(program);
  registerDemo(program);
}
