import type { Command } from 'commander';
import type { Config } from '../spec/config.js';
import { UsageError } from '../spec/errors.js';
import { globalOptions, warn, type GlobalOptions } from './output.js';

/**
 * What the commands share: the loaded config, the state and ledger store, the price lookup, and
 * (for those that spend: ask, bench) a router wired to the adapters, ledger recorder and debug log.
 * Everything heavy is imported here, lazily, so `llmx --help` never pays for it.
 */
export interface CommandContext {
  options: GlobalOptions;
  config: Config;
  store: import('../store/index.js').Store;
  priceOf: import('../spec/ledger.js').PriceLookup;
  close(): void;
}

export async function openContext(command: Command): Promise<CommandContext> {
  const options = globalOptions(command);
  const { loadConfig } = await import('../config/index.js');
  const config = await loadConfig({ configPath: options.config });
  const { openStore } = await import('../store/index.js');
  const store = await openStore({ path: options.db, settings: config.store });
  const { createPriceLookup } = await import('../pricing/index.js');
  const priceOf = createPriceLookup(config);
  return { options, config, store, priceOf, close: () => store.close() };
}

export interface RouterWiring {
  router: import('../routing/router.js').Router;
  recorder: { flush(): Promise<void> };
}

/** A router whose attempts land in the ledger (and on stderr with -v). */
export async function wireRouter(
  context: CommandContext,
  recording: { command: string; strategy: string | null; tags: Record<string, string>; logPrompts: boolean; prompt?: string; runId?: string | null },
): Promise<RouterWiring> {
  const { Router, createDebugLog } = await import('../routing/index.js');
  const { createAdapter } = await import('../providers/index.js');
  const { createLedgerRecorder } = await import('../ledger/index.js');
  const router = new Router({ config: context.config, state: context.store.state, adapterFor: createAdapter, priceOf: context.priceOf });
  const recorder = createLedgerRecorder({
    ledger: context.store.ledger,
    priceOf: context.priceOf,
    command: recording.command,
    strategy: recording.strategy,
    tags: recording.tags,
    ci: Boolean(process.env.CI),
    logPrompts: recording.logPrompts,
    prompt: recording.prompt,
    onWarning: warn,
  });
  router.on(recorder.listener);
  if (context.options.verbose) router.on(createDebugLog((line: string) => process.stderr.write(`[llmx] ${line}\n`)));
  return { router, recorder };
}

/** `--tag key=value` (repeatable) into a record; a malformed tag is a usage error. */
export function parseTags(values: string[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`--tag ${JSON.stringify(value)}: expected key=value`);
    tags[value.slice(0, at)] = value.slice(at + 1);
  }
  return tags;
}
