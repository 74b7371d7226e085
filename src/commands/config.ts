import type { Command } from 'commander';

// Placeholder until the config command lands; keeps `llmx --help` complete.
export function registerConfig(program: Command): void {
  program.command('config').description('(not yet available)').action(() => {
    throw new Error('llmx config is not implemented yet');
  });
}
