import type { Command } from 'commander';
import { METRICS_HELP } from '../bench/README-metrics.js';
import type { TargetFlags } from '../bench/targets.js';
import { ExitCode, UsageError } from '../spec/errors.js';
import { openContext } from './context.js';
import { envelopeText, globalOptions, jsonEnvelope, printJson, tableOptions, warn } from './output.js';
import { nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber, positiveSeconds } from './parse-options.js';

export interface BenchFlags extends TargetFlags {
  requests?: number;
  concurrency?: number;
  rate?: number;
  duration?: number;
  warmup: number;
  stream?: boolean;
  maxTokens?: number;
  prompt?: string;
  promptFile?: string;
  dataset?: string;
  budget?: number;
  retries: number;
  csv?: boolean;
  out?: string;
  compare?: string;
  seed: number;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('latency, throughput and cost of providers, models or strategies, side by side')
    .argument('[prompt]', 'the prompt (default: a short fixed one)')
    .option('--providers <list>', 'providers to bench, comma-separated, each with --model or its first model')
    .option('--targets <list>', 'provider:model pairs, comma-separated (split at the first colon)')
    .option('--strategy <names>', 'bench routing strategies (their retries and failover apply)')
    .option('--model <name>', 'model for every --providers entry')
    .option('-n, --requests <n>', 'measured requests per target (default 20; unlimited with --duration)', positiveInteger('--requests'))
    .option('-c, --concurrency <n>', 'closed loop: requests in flight per target (default 4)', positiveInteger('--concurrency'))
    .option('--rate <r>', 'open loop: Poisson arrivals per target, requests per second', positiveNumber('--rate'))
    .option('--duration <s>', 'stop starting requests after this many seconds', positiveSeconds('--duration'))
    .option('--warmup <n>', 'warm-up requests per target, excluded from statistics', nonNegativeInteger('--warmup'), 1)
    .option('--stream', 'stream responses (the default)')
    .option('--no-stream', 'do not stream (TTFT is then null)')
    .option('--max-tokens <n>', 'output token cap per request', positiveInteger('--max-tokens'))
    .option('--prompt <text>', 'the prompt')
    .option('--prompt-file <file>', 'read the prompt from a file')
    .option('--dataset <file.jsonl>', 'one prompt per line: a JSON string, {"prompt": ...} or {"messages": [...]}')
    .option('--budget <usd>', 'stop before this run could spend more than USD', nonNegativeNumber('--budget'))
    .option('--retries <n>', 'retries per request for --providers/--targets (0: every failure is seen)', nonNegativeInteger('--retries'), 0)
    .option('--csv', 'print the report as CSV, one row per target')
    .option('--out <file>', 'write the report (table, --json or --csv) to a file instead of stdout')
    .option('--compare <run_id>', 'print the differences from an earlier run')
    .option('--seed <n>', 'seed of the open-loop arrival schedule', nonNegativeInteger('--seed'), 1)
    .addHelpText('after', METRICS_HELP)
    .action(async (promptArg: string | undefined, flags: BenchFlags, command: Command) => {
      await runBenchAction(promptArg, flags, command);
    });
}

async function runBenchAction(promptArg: string | undefined, flags: BenchFlags, command: Command): Promise<void> {
  const globals = globalOptions(command);
  if (promptArg !== undefined && flags.prompt !== undefined) throw new UsageError('give the prompt as an argument or with --prompt, not both');
  if (flags.csv && globals.json) throw new UsageError('--json and --csv: choose one');
  if (flags.rate !== undefined && flags.concurrency !== undefined) throw new UsageError('--rate (open loop) and --concurrency (closed loop): choose one');
  const context = await openContext(command);
  const warnings = [...context.config.warnings];
  const onWarning = (message: string) => {
    warnings.push(message);
    warn(message);
  };
  for (const message of context.config.warnings) warn(message);
  const controller = new AbortController();
  // `on`, not `once`: Ink's signal-exit re-raises a signal when it is the last listener left, which
  // would kill the process before the partial report prints. A second Ctrl-C still quits at once.
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { runBenchCommand, renderCsv, renderReportTable } = await import('../bench/index.js');
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY && process.stderr.isTTY) && !process.env.CI;
    const { report, exitCode } = await runBenchCommand({
      config: context.config,
      store: context.store,
      priceOf: context.priceOf,
      targets: { providers: flags.providers, targets: flags.targets, strategy: flags.strategy, model: flags.model },
      prompts: { prompt: promptArg ?? flags.prompt, promptFile: flags.promptFile, dataset: flags.dataset },
      requests: flags.requests,
      concurrency: flags.concurrency,
      ratePerS: flags.rate,
      durationS: flags.duration,
      warmup: flags.warmup,
      stream: flags.stream,
      maxTokens: flags.maxTokens,
      budgetUsd: flags.budget,
      retries: flags.retries,
      seed: flags.seed,
      compare: flags.compare,
      progress: interactive ? 'ink' : 'lines',
      color: globals.stderrColor,
      signal: controller.signal,
      onWarning,
    });
    if (flags.out !== undefined) {
      const text = globals.json ? envelopeText(jsonEnvelope('bench', report, warnings)) : flags.csv ? renderCsv(report) : renderReportTable(report, { wide: globals.wide });
      const { writeFile } = await import('node:fs/promises');
      await writeFile(flags.out, text);
      process.stderr.write(`bench ${report.run_id}: report written to ${flags.out}\n`);
    } else if (globals.json) {
      printJson('bench', report, warnings);
    } else if (flags.csv) {
      process.stdout.write(renderCsv(report));
    } else {
      process.stdout.write(renderReportTable(report, tableOptions(globals)));
      process.stderr.write(`saved as run ${report.run_id} (compare later with --compare ${report.run_id})\n`);
    }
    if (exitCode !== ExitCode.ok) process.exitCode = exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    context.close();
  }
}
