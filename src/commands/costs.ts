import type { Command } from 'commander';

// Placeholder until the costs command lands; keeps `llmx --help` complete.
export function registerCosts(program: Command): void {
  program.command('costs').description('(not yet available)').action(() => {
    throw new Error('llmx costs is not implemented yet');
  });
}
