import type { Command } from 'commander';

// Placeholder until the demo command lands; keeps `llmx --help` complete.
export function registerDemo(program: Command): void {
  program.command('demo').description('(not yet available)').action(() => {
    throw new Error('llmx demo is not implemented yet');
  });
}
