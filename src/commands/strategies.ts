import type { Command } from 'commander';

// Placeholder until the strategies command lands; keeps `llmx --help` complete.
export function registerStrategies(program: Command): void {
  program.command('strategies').description('(not yet available)').action(() => {
    throw new Error('llmx strategies is not implemented yet');
  });
}
