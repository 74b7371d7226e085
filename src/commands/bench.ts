import type { Command } from 'commander';

// Placeholder until the bench command lands; keeps `llmx --help` complete.
export function registerBench(program: Command): void {
  program.command('bench').description('(not yet available)').action(() => {
    throw new Error('llmx bench is not implemented yet');
  });
}
