import type { Command } from 'commander';
import { ExitCode, InterruptedError, NothingConfiguredError, UsageError } from '../spec/errors.js';
import { globalOptions, printJson, tableOptions } from './output.js';
import { collect, positiveInteger, positiveSeconds } from './parse-options.js';

interface HealthOptions {
  provider?: string[];
  deep?: boolean;
  timeout?: number;
  degradedMs?: number;
  watch?: boolean;
  interval?: number;
  rounds?: number;
}

export function registerHealth(program: Command): void {
  program
    .command('health')
    .description('check every provider now: status, latency, circuit, and the last hour from the ledger (exit 4 if any is down)')
    .option('-p, --provider <name>', 'check only this provider (repeatable)', collect)
    .option('--deep', "make a one-token completion on each provider's first model instead of the cheapest authenticated call")
    .option('--timeout <ms>', "per-check timeout in milliseconds; a provider silent that long is down (default 5000, or the provider's timeout_ms if shorter)", positiveInteger('--timeout'))
    .option('--degraded-ms <ms>', 'check latency above which a provider is degraded (default 2000)', positiveInteger('--degraded-ms'))
    .option('-w, --watch', 're-check on an interval: a live dashboard on a terminal, else one line per provider per round')
    .option('--interval <s>', 'seconds between rounds with --watch (default: failover.health_check_interval)', positiveSeconds('--interval'))
    .option('--rounds <n>', 'with --watch: stop after this many rounds (default: until q or Ctrl-C)', positiveInteger('--rounds'))
    .addHelpText(
      'after',
      [
        '',
        'Status: healthy (answered within --degraded-ms), degraded (slower, or a 429/529),',
        'down (error or timeout), unconfigured (e.g. its API key is not set).',
        'Exit 0 unless a checked provider is down (4); 3 when nothing is configured; 130 on',
        "Ctrl-C. A down check counts toward opening the provider's circuit.",
      ].join('\n'),
    )
    .action(async (options: HealthOptions, command: Command) => {
      const globals = globalOptions(command);
      if (options.interval !== undefined && !options.watch) throw new UsageError('--interval: only meaningful with --watch');
      if (options.rounds !== undefined && !options.watch) throw new UsageError('--rounds: only meaningful with --watch');
      const { openContext } = await import('./context.js');
      const context = await openContext(command);
      try {
        const { checkProviders, isFailing, renderHealthLine, renderHealthTable, tightestBudget, toJsonRow } = await import('../health/index.js');
        const { config, store } = context;
        // As ask: nothing to check is a configuration problem, not a healthy fleet (CI must see it).
        if (Object.keys(config.providers).length === 0) throw new NothingConfiguredError();
        const check = () =>
          checkProviders({
            config,
            state: store.state,
            ledger: store.ledger,
            providers: options.provider,
            deep: options.deep,
            timeoutMs: options.timeout,
            degradedLatencyMs: options.degradedMs,
            priceOf: context.priceOf,
          });
        if (!options.watch) {
          const rows = await check();
          if (globals.json) printJson('health', { providers: rows.map(toJsonRow) }, config.warnings);
          else process.stdout.write(rows.length ? `${renderHealthTable(rows, tableOptions(globals))}\n` : 'no providers configured\n');
          if (rows.some((row) => isFailing(row.status))) process.exitCode = ExitCode.provider;
          return;
        }
        const intervalS = options.interval ?? config.failover.healthCheckIntervalS;
        const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI && !globals.json && options.rounds === undefined;
        if (interactive) {
          const strategies = Object.values(config.strategies).map((strategy) => `${strategy.name} (${strategy.type})${strategy.name === config.defaultStrategy ? '*' : ''}`);
          const { runHealthDashboard } = await import('../ui/health-dashboard.js');
          const ended = await runHealthDashboard({ check, intervalS, strategies, color: globals.color, budget: () => tightestBudget(config, store.ledger, Date.now()) });
          // q is a quit (exit 0); Ctrl-C is an interruption, 130 as everywhere else.
          if (ended === 'interrupted') throw new InterruptedError();
          return;
        }
        // Without a terminal: a line per provider per round (a JSON envelope per round with --json),
        // until --rounds, or Ctrl-C / SIGTERM (exit 130), which also cuts the wait between rounds short.
        const interrupted = interruption();
        try {
          for (let round = 1; ; round++) {
            const rows = await Promise.race([check(), interrupted.promise]);
            if (globals.json) printJson('health', { providers: rows.map(toJsonRow) }, round === 1 ? config.warnings : [], 'one-line');
            else for (const row of rows) process.stdout.write(`${renderHealthLine(row)}\n`);
            process.exitCode = rows.some((row) => isFailing(row.status)) ? ExitCode.provider : ExitCode.ok;
            if (options.rounds !== undefined && round >= options.rounds) return;
            let timer: ReturnType<typeof setTimeout> | undefined;
            await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, intervalS * 1000))), interrupted.promise]).finally(() => clearTimeout(timer));
          }
        } finally {
          interrupted.dispose();
        }
      } finally {
        context.close();
      }
    });
}

/** A promise that rejects with InterruptedError on the first SIGINT or SIGTERM, until disposed. */
function interruption(): { promise: Promise<never>; dispose(): void } {
  let onSignal = () => {};
  const promise = new Promise<never>((_resolve, reject) => {
    onSignal = () => reject(new InterruptedError());
  });
  // Nothing may await it after dispose(); an unobserved rejection would otherwise be reported.
  promise.catch(() => {});
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    promise,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
