import type { Command } from 'commander';

// Placeholder until the ask command lands; keeps `llmx --help` complete.
export function registerAsk(program: Command): void {
  program.command('ask').description('(not yet available)').action(() => {
    throw new Error('llmx ask is not implemented yet');
  });
}
