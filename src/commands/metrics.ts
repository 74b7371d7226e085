import type { Command } from 'commander';
import { UsageError } from '../spec/errors.js';
import { note, warn } from './output.js';
import { portNumber, positiveSeconds } from './parse-options.js';

interface MetricsOptions {
  serve?: boolean;
  port?: number;
  host?: string;
  push?: string;
  job?: string;
  healthInterval?: number;
}

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('Prometheus metrics from the ledger and routing state: print them, serve /metrics, or push to a Pushgateway')
    .option('--serve', 'serve /metrics until interrupted (rebuilt from the database on every scrape)')
    .option('--port <n>', 'port for --serve (default 9464; 0 picks a free one)', portNumber('--port'))
    .option('--host <address>', 'interface for --serve (default 127.0.0.1)')
    .option('--push <url>', 'push once to a Prometheus Pushgateway at this URL (e.g. http://127.0.0.1:9091)')
    .option('--job <name>', 'job label for --push (default "llmx")')
    .option('--health-interval <s>', 'with --serve: also run `llmx health` checks every S seconds so provider_up stays current (default: off)', positiveSeconds('--health-interval'))
    .addHelpText(
      'after',
      ['', 'provider_circuit_state: 0 closed, 1 half-open, 2 open.', 'Exit 2 when the port is in use, 4 when the Pushgateway cannot be reached.'].join('\n'),
    )
    .action(async (options: MetricsOptions, command: Command) => {
      if (options.serve && options.push) throw new UsageError('--serve and --push: choose one');
      if (!options.serve && (options.port !== undefined || options.host !== undefined)) throw new UsageError('--port/--host: only meaningful with --serve');
      if (!options.push && options.job !== undefined) throw new UsageError('--job: only meaningful with --push');
      if (!options.serve && options.healthInterval !== undefined) throw new UsageError('--health-interval: only meaningful with --serve');
      const { openContext } = await import('./context.js');
      const context = await openContext(command);
      const { buildMetricsRegistry, pushMetrics, renderMetrics, serveMetrics } = await import('../metrics/index.js');
      const sources = { config: context.config, state: context.store.state, ledger: context.store.ledger };
      if (options.serve) {
        let server;
        try {
          server = await serveMetrics({
            host: options.host,
            port: options.port,
            render: () => renderMetrics(sources),
            onError: (error) => warn(`a scrape failed: ${error instanceof Error ? error.message : String(error)}`),
          });
        } catch (error) {
          context.close();
          throw error;
        }
        note(`serving ${server.url} (Ctrl-C to stop)`);
        let stopChecks = () => {};
        if (options.healthInterval !== undefined) {
          const { scheduleProviderChecks } = await import('../health/index.js');
          stopChecks = scheduleProviderChecks({
            ...sources,
            priceOf: context.priceOf,
            intervalS: options.healthInterval,
            onError: (error) => warn(`a health round failed: ${error instanceof Error ? error.message : String(error)}`),
          });
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        stopChecks();
        await server.close();
        context.close();
        return;
      }
      try {
        if (options.push) {
          await pushMetrics({ url: options.push, registry: await buildMetricsRegistry(sources), jobName: options.job });
          note(`pushed metrics to ${new URL(options.push).origin} (job ${options.job ?? 'llmx'})`);
          return;
        }
        process.stdout.write((await renderMetrics(sources)).text);
      } finally {
        context.close();
      }
    });
}

