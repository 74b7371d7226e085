import type { Command } from 'commander';

// Placeholder until the health command lands; keeps `llmx --help` complete.
export function registerHealth(program: Command): void {
  program.command('health').description('(not yet available)').action(() => {
    throw new Error('llmx health is not implemented yet');
  });
}
