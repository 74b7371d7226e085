import type { Command } from 'commander';
import { globalOptions } from './output.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('show llmx working offline: a simulator with three providers, routing, failover, health, bench and costs')
    .option('--keep', 'keep the demo providers.yaml and database and print where they are')
    .option('--fast', 'skip the bench scene')
    .action(async (options: { keep?: boolean; fast?: boolean }, command: Command) => {
      const { runDemo } = await import('./demo-run.js');
      await runDemo({ keep: Boolean(options.keep), fast: Boolean(options.fast), globals: globalOptions(command) });
    });
}
