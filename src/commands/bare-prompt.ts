import type { Command } from 'commander';
import { closestMatch } from '../config/did-you-mean.js';
import { UsageError } from '../spec/errors.js';

/**
 * `ask` is the default command, so `llmx "what is 2+2"` and `echo text | llmx` ask. Two cases are
 * not a prompt: nothing at all on a terminal (the help, as before), and one word that is a typo of a
 * subcommand (`llmx halth`), which would otherwise be sent to a provider and billed.
 */
export function checkBarePrompt(program: Command, promptArgs: readonly string[]): void {
  if (promptArgs.length === 0 && process.stdin.isTTY) program.help({ error: true });
  if (promptArgs.length !== 1 || !/^[a-z][a-z-]*$/.test(promptArgs[0])) return;
  const word = promptArgs[0];
  const names = program.commands.map((command) => command.name()).concat('help');
  const match = closestMatch(word, names);
  if (match !== undefined) {
    throw new UsageError(`unknown command '${word}' (did you mean ${match}?); to send it as a prompt: llmx ask ${word}`);
  }
}
