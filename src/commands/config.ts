import type { Command } from 'commander';
import type { Config } from '../spec/config.js';
import { ConfigError, NothingConfiguredError } from '../spec/errors.js';
import { globalOptions, printJson, warn } from './output.js';

export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .description('show or check the configuration (providers.yaml, or the environment alone)')
    .addHelpText(
      'after',
      '\nDiscovery: --config PATH, else $LLMX_CONFIG, else ./providers.yaml, else $XDG_CONFIG_HOME/llmx/providers.yaml\n' +
        '(~/.config/llmx/providers.yaml), else the environment alone (PRIMARY_PROVIDER, OPENAI_API_KEY, ...).\n' +
        'A .env file in the working directory is read first; the real environment wins over it.',
    );

  config
    .command('show')
    .description('print the resolved configuration as YAML (every secret masked)')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const { loadConfig, redactConfig, redactedConfigYaml } = await import('../config/index.js');
      const loaded = await loadConfig({ configPath: globals.config });
      if (globals.json) {
        printJson('config show', { source: loaded.source, config: redactConfig(loaded) }, loaded.warnings);
        return;
      }
      for (const warning of loaded.warnings) warn(warning);
      process.stdout.write(redactedConfigYaml(loaded));
    });

  config
    .command('validate')
    .description('check the configuration: exit 0 when usable, 3 with the first problem (file:line:col: key: message)')
    .option('--strict', 'exit 3 also when any provider is unavailable (an unset key, say), naming each one')
    .action(async (options: { strict?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const { loadConfig } = await import('../config/index.js');
      const loaded = await loadConfig({ configPath: globals.config });
      const providerCount = Object.keys(loaded.providers).length;
      const strategyCount = Object.keys(loaded.strategies).length;
      if (providerCount === 0) {
        throw new NothingConfiguredError();
      }
      const available = Object.values(loaded.providers).filter((provider) => provider.unavailableReason === undefined).length;
      // Exit 0 means `llmx ask` can be served: refuse what ask would refuse (no usable provider, or a
      // default strategy all of whose providers are unavailable), with the reason ask gives.
      const unusable = unusableDefault(loaded);
      if (unusable) {
        if (!globals.json) for (const warning of loaded.warnings) warn(warning);
        throw unusable;
      }
      if (options.strict) {
        const unavailableProviders = Object.values(loaded.providers).filter((provider) => provider.unavailableReason !== undefined);
        if (unavailableProviders.length > 0) {
          throw new ConfigError(
            `--strict: unavailable: ${unavailableProviders.map((provider) => provider.name).join(', ')}`,
            loaded.source,
            { details: unavailableProviders.map((provider) => `${provider.name}: ${provider.unavailableReason}`) },
          );
        }
      }
      if (globals.json) {
        printJson(
          'config validate',
          { ok: true, source: loaded.source, providers: providerCount, available_providers: available, strategies: strategyCount, default_strategy: loaded.defaultStrategy ?? null },
          loaded.warnings,
        );
        return;
      }
      for (const warning of loaded.warnings) warn(warning);
      const unavailable = providerCount - available;
      process.stdout.write(
        `ok: ${loaded.source}: ${plural(providerCount, 'provider')}${unavailable > 0 ? ` (${unavailable} unavailable)` : ''}, ${plural(strategyCount, 'strategy', 'strategies')}\n`,
      );
    });
}

/** Why `llmx ask` without --provider would be refused, in the router's words; undefined when it can be served. */
function unusableDefault(config: Config): ConfigError | undefined {
  const reasons = (names: string[]) => names.map((name) => `${name}: unavailable: ${config.providers[name]?.unavailableReason ?? 'not configured'}`).join('; ');
  const strategy = config.defaultStrategy === undefined ? undefined : config.strategies[config.defaultStrategy];
  if (strategy && strategy.targets.length > 0) {
    const names = [...new Set(strategy.targets.map((target) => target.provider))];
    if (names.every((name) => config.providers[name]?.unavailableReason !== undefined)) {
      return new ConfigError(`strategy ${strategy.name}: no usable provider (${reasons(names)})`, strategy.where ?? config.source);
    }
  }
  const providers = Object.values(config.providers);
  if (providers.every((provider) => provider.unavailableReason !== undefined)) {
    return new ConfigError(`no usable provider (${reasons(providers.map((provider) => provider.name))})`, config.source);
  }
  return undefined;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
