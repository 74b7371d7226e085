import { Command } from 'commander';

/**
 * commander's Command with one change: an unknown `--option` that starts a known one is suggested by
 * that prefix. commander's own guess is by edit distance alone, so `--strat` got `--stream` (two
 * edits) rather than `--strategy` (three), which is what a person typing `--strat` means.
 */
export class LlmxCommand extends Command {
  override createCommand(name?: string): Command {
    return new LlmxCommand(name);
  }

  /** Called by commander (its own method, not in its typings) for the first unknown option. */
  unknownOption(flag: string): never {
    const known = knownLongOptions(this);
    const [name] = flag.split('=', 1);
    const extending = name.startsWith('--') && name.length > 2 ? known.filter((option) => option.startsWith(name)) : [];
    if (extending.length === 0) {
      // Not a prefix of anything: commander's edit-distance guess (or none).
      return (Command.prototype as unknown as { unknownOption(flag: string): never }).unknownOption.call(this, flag);
    }
    const suggestion = extending.length === 1 ? extending[0] : `one of ${extending.join(', ')}`;
    this.error(`error: unknown option '${flag}'\n(Did you mean ${suggestion}?)`, { code: 'commander.unknownOption' });
  }
}

/** The long options `command` accepts: its own and those of the commands above it (the global ones). */
function knownLongOptions(command: Command): string[] {
  const names = new Set<string>();
  for (let at: Command | null = command; at; at = at.parent) {
    for (const option of at.options) if (option.long && !option.hidden) names.add(option.long);
  }
  return [...names].sort();
}
