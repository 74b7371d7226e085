import type { Command } from 'commander';

// Placeholder until the simulate command lands; keeps `llmx --help` complete.
export function registerSimulate(program: Command): void {
  program.command('simulate').description('(not yet available)').action(() => {
    throw new Error('llmx simulate is not implemented yet');
  });
}
