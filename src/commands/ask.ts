import { Command, Option } from 'commander';
import { collect, nonNegativeInteger, numberInRange, positiveInteger } from './parse-options.js';
import { globalOptions } from './output.js';
import { checkBarePrompt } from './bare-prompt.js';

interface AskOptions {
  strategy?: string;
  provider?: string;
  model?: string;
  system?: string;
  maxTokens?: number;
  temperature?: number;
  stream?: boolean;
  timeout?: number;
  maxWait?: number;
  explain?: boolean;
  tag?: string[];
  logPrompts?: boolean;
}

export function registerAsk(program: Command): void {
  program
    // The default command: `llmx "a prompt"` and `echo text | llmx` are asks (see bare-prompt.ts).
    .command('ask', { isDefault: true })
    .description('send a prompt through a strategy (or one provider) and print the answer (the default command)')
    .argument('[prompt...]', 'the prompt; also read from standard input when it is not a terminal ("-" = stdin)')
    .option('-s, --strategy <name>', 'named strategy from providers.yaml (default: "default" or the first)')
    .option('-p, --provider <name>', 'call this provider directly (no strategy)')
    .option('-m, --model <name>', 'model to ask for (for each target whose provider lists it)')
    .option('--system <text>', 'system prompt')
    .option('--max-tokens <n>', 'output token cap', positiveInteger('--max-tokens'))
    .option('--temperature <t>', 'sampling temperature (0-2)', numberInRange('--temperature', 0, 2))
    .addOption(new Option('--stream', 'stream the answer as it arrives (default when stdout is a terminal)'))
    .addOption(new Option('--no-stream', 'wait for the whole answer'))
    .option('--timeout <ms>', 'per-attempt timeout in milliseconds', positiveInteger('--timeout'))
    .option('--max-wait <ms>', 'longest wait for a rate-limit slot before failing', nonNegativeInteger('--max-wait'))
    .option('--explain', 'say which target would be tried now and why, without calling any provider')
    .option('--tag <key=value>', 'tag the ledger rows (repeatable)', collect)
    .option('--log-prompts', 'store the prompt and answer text in the ledger')
    .action(async (promptArgs: string[], options: AskOptions, command: Command) => {
      if (command.parent && command.parent.args[0] !== 'ask') checkBarePrompt(command.parent, promptArgs);
      const { runAsk } = await import('./ask-run.js');
      await runAsk(promptArgs, options, globalOptions(command), command);
    });
}

export type { AskOptions };
