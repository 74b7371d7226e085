import type { Command } from 'commander';

// Placeholder until the metrics command lands; keeps `llmx --help` complete.
export function registerMetrics(program: Command): void {
  program.command('metrics').description('(not yet available)').action(() => {
    throw new Error('llmx metrics is not implemented yet');
  });
}
