import type { Command } from 'commander';
import { globalOptions, printJson, tableOptions } from './output.js';
import { positiveInteger } from './parse-options.js';

/**
 * `llmx strategies`: every strategy with its targets and their live state;
 * `llmx strategies explain NAME`: which target would be tried now and why, calling no provider.
 */
export function registerStrategies(program: Command): void {
  const strategies = program
    .command('strategies')
    .description('list every strategy: its targets in order and their live state (circuit, rate headroom, in flight, latency)')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const { openContext } = await import('./context.js');
      const context = await openContext(command);
      try {
        const { inspectStrategies, lookOnlyRouter } = await import('../routing/inspection.js');
        const list = await inspectStrategies(lookOnlyRouter({ config: context.config, state: context.store.state, priceOf: context.priceOf }), context.config);
        if (globals.json) {
          const { strategyListJson } = await import('../routing/render-strategies.js');
          printJson('strategies', { strategies: list.map(strategyListJson) }, context.config.warnings);
          return;
        }
        const { renderStrategyList } = await import('../routing/render-strategies.js');
        if (list.length === 0) {
          process.stdout.write(`no strategies in ${context.config.source}; \`llmx ask --provider NAME\` calls one provider directly\n`);
          return;
        }
        const isDefault = (name: string) => (name === context.config.defaultStrategy ? ' [default]' : '');
        const entries = list.map((entry) => ({ title: `${entry.strategy.name}${isDefault(entry.strategy.name)}`, type: entry.strategy.type, targets: entry.targets }));
        process.stdout.write(`${renderStrategyList(entries, tableOptions(globals))}\n`);
      } finally {
        context.close();
      }
    });

  strategies
    .command('explain')
    .description('say which target NAME would try now and why, without calling any provider')
    .argument('<name>', 'strategy name from providers.yaml')
    .option('-m, --model <name>', 'model override, as ask --model')
    .option('--max-tokens <n>', 'output tokens to price the request with (least_cost)', positiveInteger('--max-tokens'))
    .option('--stream', 'rank by time to first token (performance_based)')
    .action(async (name: string, options: { model?: string; maxTokens?: number; stream?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const { openContext } = await import('./context.js');
      const context = await openContext(command);
      try {
        const { lookOnlyRouter } = await import('../routing/inspection.js');
        const router = lookOnlyRouter({ config: context.config, state: context.store.state, priceOf: context.priceOf });
        const explanation = await router.explain(name, { messages: [], model: options.model, maxTokens: options.maxTokens }, { stream: options.stream });
        const { explanationJson, renderExplanation } = await import('../routing/render-strategies.js');
        if (globals.json) printJson('strategies explain', explanationJson(explanation), context.config.warnings);
        else process.stdout.write(`${renderExplanation(explanation, tableOptions(globals))}\n`);
      } finally {
        context.close();
      }
    });
}
