import type { Config, CostLedger, PriceLookup, ProviderAdapter, RouterEvent, StateStore, ModelPrice, Usage } from '../spec/index.js';
import { BudgetExceededError, DEFAULT_MAX_TOKENS, ExitCode, type ExitCodeValue } from '../spec/index.js';
import { formatUsd } from '../shared/format-usd.js';
import { generousTokenCount, requestCharacters } from '../shared/token-estimates.js';
import { BudgetGuard } from './budget-guard.js';
import { BufferedLedger } from './buffered-ledger.js';
import { systemClock, type BenchClock } from './clock.js';
import { compareRuns } from './compare.js';
import { createDirectExecutor } from './direct-executor.js';
import type { ExecuteRequest } from './executor.js';
import { ProgressTracker, progressLine, type BenchProgress } from './progress.js';
import { loadPrompts, type PromptSources } from './prompts.js';
import { buildReport } from './report.js';
import { createRouterExecutor } from './router-executor.js';
import { loadRun, newRunId, saveRun } from './run-store.js';
import { runBench } from './runner.js';
import { resolveTargets, type TargetFlags } from './targets.js';
import type { BenchPrompt, BenchReport, BenchTarget } from './types.js';

export type ProgressMode = 'ink' | 'lines' | 'none';

export interface BenchCommandOptions {
  config: Config;
  store: { state: StateStore; ledger: CostLedger };
  priceOf: PriceLookup;
  targets: TargetFlags;
  prompts: PromptSources;
  /** Measured requests per target. Default 20, or unlimited when `durationS` is set. */
  requests?: number;
  /** Closed loop: in flight per target. Default 4. */
  concurrency?: number;
  /** Open loop: Poisson arrivals per target per second. */
  ratePerS?: number;
  /** Stop starting requests after this many seconds of measuring. */
  durationS?: number;
  /** Warm-up requests per target. Default 1. */
  warmup?: number;
  /** Default true. */
  stream?: boolean;
  maxTokens?: number;
  /** --budget: USD this run may spend at most. */
  budgetUsd?: number;
  /** Extra attempts per request for --providers/--targets. Default 0. */
  retries?: number;
  /** Open-loop schedule seed. Default 1. */
  seed?: number;
  /** A saved run id to print differences from. */
  compare?: string;
  /** Default 'none'. */
  progress?: ProgressMode;
  /** Colours in the Ink view. Default true. */
  color?: boolean;
  /** Ctrl-C. */
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
  /** Seams for tests; production passes nothing. */
  adapterFor?: (provider: Config['providers'][string]) => Promise<ProviderAdapter>;
  clock?: BenchClock;
  runId?: string;
}

export interface BenchCommandResult {
  report: BenchReport;
  /** ok, or budget when the budget stopped the run, interrupted when Ctrl-C did. */
  exitCode: ExitCodeValue;
  /** Ledger rows written (warm-up included). */
  ledgerRows: number;
}

/** The longest prompt's tokens, erring high, for the budget's first reservation. */
function worstCaseTokens(prompts: readonly BenchPrompt[]): number {
  return generousTokenCount(Math.max(...prompts.map(requestCharacters)));
}

/** Everything `llmx bench` does between parsing its flags and rendering its report. */
export async function runBenchCommand(options: BenchCommandOptions): Promise<BenchCommandResult> {
  const warn = options.onWarning ?? (() => {});
  const clock = options.clock ?? systemClock;
  const targets = resolveTargets(options.config, options.targets);
  const prompts = await loadPrompts(options.prompts);
  const previous = options.compare === undefined ? undefined : await loadRun(options.store.state, options.compare);
  const stream = options.stream ?? true;
  const durationMs = options.durationS === undefined ? undefined : options.durationS * 1000;
  const requests = options.requests ?? (durationMs === undefined ? 20 : Infinity);
  const warmup = options.warmup ?? 1;
  const retries = options.retries ?? 0;
  const seed = options.seed ?? 1;
  if (retries > 0 && targets.every((target) => target.kind === 'strategy')) warn('--retries applies to --providers/--targets; a strategy retries as configured');

  // Configured budgets first: a spent global budget refuses the run (exit 5) before any request.
  const { checkBudgets } = await import('../budget/index.js');
  const verdict = await checkBudgets({ config: options.config, ledger: options.store.ledger, now: Date.now() });
  for (const warning of verdict.warnings) warn(warning);
  for (const target of targets) {
    if (target.kind === 'model' && !verdict.allowProvider(options.config.providers[target.provider])) {
      throw new BudgetExceededError(`the budget for ${target.provider} is spent; bench ${target.id} would exceed it`);
    }
  }

  const { usageCostUsd: costUsd } = await import('../pricing/index.js');
  const budget = options.budgetUsd === undefined ? undefined : createBudgetGuard(options, targets, prompts, costUsd, warn);
  if (budget && !targets.some((target) => budget.wouldFit(target.id))) {
    throw new BudgetExceededError(`--budget ${formatUsd(budget.limitUsd)} is already spent: not one request fits in it`);
  }

  const runId = options.runId ?? newRunId();
  const ledger = new BufferedLedger(options.store.ledger);
  const { createLedgerRecorder } = await import('../ledger/index.js');
  const recorder = createLedgerRecorder({
    ledger,
    priceOf: options.priceOf,
    command: 'bench',
    strategy: null,
    ci: Boolean(process.env.CI),
    logPrompts: false,
    runId,
    onWarning: warn,
  });

  // Router events are only collected while measuring; pricing and shaping ledger rows waits until the end.
  // The recorder reads decisions (a strategy's name) and attempt ends; the rest is not kept.
  const events: RouterEvent[] = [];
  const collect = (event: RouterEvent) => {
    if (event.type === 'attempt-end' || event.type === 'decision') events.push(event);
  };
  const execute = await createExecutor(options, targets, retries, clock, collect, costUsd, verdict.allowProvider);
  const tracker = new ProgressTracker(targets, Number.isFinite(requests) ? requests : null, durationMs ?? null, () => clock.now());
  const view = await startProgressView(options.progress ?? 'none', tracker, options.color ?? true);
  const startedAt = new Date();
  let run;
  let ledgerRows = 0;
  try {
    run = await runBench({
      runId,
      targets,
      prompts,
      execute,
      stream,
      maxTokens: options.maxTokens,
      requests,
      concurrency: options.concurrency ?? 4,
      ratePerS: options.ratePerS,
      durationMs,
      warmup,
      seed,
      budget,
      signal: options.signal,
      clock,
      onSample: (sample) => tracker.record(sample),
      onMeasureStart: () => tracker.startMeasuring(),
    });
  } finally {
    tracker.finish();
    await view.stop();
    // Rows of whatever ran, warm-up and Ctrl-C included: they cost money.
    for (const event of events) recorder.listener(event);
    await recorder.flush();
    ledgerRows = await ledger.drain();
  }

  const report = buildReport(run, targets, {
    startedAt,
    stream,
    concurrency: options.ratePerS === undefined ? (options.concurrency ?? 4) : null,
    ratePerS: options.ratePerS ?? null,
    requestsPerTarget: Number.isFinite(requests) ? requests : null,
    durationS: options.durationS ?? null,
    warmupPerTarget: warmup,
    seed,
  });
  if (budget && run.stoppedBy === 'budget') warn(`--budget ${formatUsd(budget.limitUsd)}: stopped after spending ${formatUsd(budget.spent)}; the next request could have exceeded it`);
  await saveRun(options.store.state, report);
  if (previous) report.compare = compareRuns(previous, report);
  const exitCode = run.stoppedBy === 'interrupted' ? ExitCode.interrupted : run.stoppedBy === 'budget' ? ExitCode.budget : ExitCode.ok;
  return { report, exitCode, ledgerRows };
}

function createBudgetGuard(
  options: BenchCommandOptions,
  targets: readonly BenchTarget[],
  prompts: readonly BenchPrompt[],
  costUsd: (usage: Usage, prices: ModelPrice) => number,
  warn: (message: string) => void,
): BudgetGuard {
  const usage: Usage = { inputTokens: worstCaseTokens(prompts), outputTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS, cachedInputTokens: 0, estimated: true };
  const worstCase = new Map<string, number | null>();
  for (const target of targets) {
    const candidates =
      target.kind === 'model'
        ? [{ provider: target.provider, model: target.model }]
        : options.config.strategies[target.strategy!].targets.map((item) => ({
            provider: item.provider,
            model: item.model ?? options.config.providers[item.provider]?.models[0] ?? '',
          }));
    const costs = candidates.map(({ provider, model }) => {
      const prices = options.priceOf(provider, model);
      return prices === null ? null : costUsd(usage, prices);
    });
    const known = costs.filter((cost): cost is number => cost !== null);
    if (known.length < costs.length) warn(`--budget cannot fully guard ${target.id}: a price is unknown, so its spend is not counted`);
    worstCase.set(target.id, known.length > 0 ? Math.max(...known) : null);
  }
  return new BudgetGuard(options.budgetUsd!, (targetId) => worstCase.get(targetId) ?? null, options.maxTokens !== undefined);
}

async function createExecutor(
  options: BenchCommandOptions,
  targets: readonly BenchTarget[],
  retries: number,
  clock: BenchClock,
  onEvent: (event: RouterEvent) => void,
  costUsd: (usage: Usage, prices: ModelPrice) => number,
  allowProvider: (provider: Config['providers'][string]) => boolean,
): Promise<ExecuteRequest> {
  const adapterFor = options.adapterFor ?? (await import('../providers/index.js')).createAdapter;
  // Adapters are built before the clock starts: SDK imports and client set-up are not latency.
  const adapters = new Map<string, ProviderAdapter>();
  for (const target of targets) {
    if (target.kind === 'model' && !adapters.has(target.provider)) adapters.set(target.provider, await adapterFor(options.config.providers[target.provider]));
  }
  const direct = createDirectExecutor({
    providers: options.config.providers,
    adapterFor: (name) => adapters.get(name)!,
    priceOf: options.priceOf,
    costUsd,
    onEvent,
    retries,
    clock,
  });
  if (targets.every((target) => target.kind === 'model')) return direct;

  const { Router } = await import('../routing/router.js');
  const router = new Router({ config: options.config, state: options.store.state, adapterFor, priceOf: options.priceOf });
  router.on(onEvent);
  const routed = createRouterExecutor({ router, priceOf: options.priceOf, costUsd, clock, allowProvider });
  return (context) => (context.target.kind === 'strategy' ? routed(context) : direct(context));
}

/** The Ink view (one dynamic import, terminals only) or plain lines on stderr, refreshed off the hot path. */
async function startProgressView(mode: ProgressMode, tracker: ProgressTracker, color: boolean): Promise<{ stop(): Promise<void> }> {
  if (mode === 'none') return { stop: async () => {} };
  if (mode === 'ink') {
    const { renderBenchProgress } = await import('../ui/bench-progress.js');
    const view = renderBenchProgress(tracker.snapshot(), { stdout: process.stderr, color });
    const timer = setInterval(() => view.update(tracker.snapshot()), 150);
    return {
      stop: async () => {
        clearInterval(timer);
        view.update(tracker.snapshot());
        await view.stop();
      },
    };
  }
  let last: BenchProgress | null = null;
  const print = () => {
    last = tracker.snapshot();
    process.stderr.write(`${progressLine(last)}\n`);
  };
  const timer = setInterval(print, 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      print();
    },
  };
}
