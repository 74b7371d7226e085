import { describe, it } from 'vitest';
import { BudgetGuard } from '../../src/bench/budget-guard.js';
import { compareRuns } from '../../src/bench/compare.js';
import type { ExecuteRequest } from '../../src/bench/executor.js';
import { answeredOutcome, failedOutcome } from '../../src/bench/outcomes.js';
import { renderReportTable } from '../../src/bench/render-table.js';
import { buildReport } from '../../src/bench/report.js';
import { runBench, type RunBenchOptions } from '../../src/bench/runner.js';
import type { BenchReport, BenchTarget } from '../../src/bench/types.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';
import { expectGolden, GOLDEN_COLUMNS } from '../helpers/golden.js';

// The `bench` report through the real runner (warm-up, closed and open loop, budget stop), the
// real statistics and the real renderer, on a fake clock with a scripted executor at the executor
// seam. The two figures the runner measures for real about this process (event-loop delay, CPU
// time) are fixed afterwards; everything else is computed.
const TARGETS: BenchTarget[] = [
  { id: 'openai:gpt-4o-mini', kind: 'model', provider: 'openai', model: 'gpt-4o-mini' },
  { id: 'anthropic:claude-haiku-4-5', kind: 'model', provider: 'anthropic', model: 'claude-haiku-4-5' },
  { id: 'strategy:default', kind: 'strategy', provider: 'openai', model: 'gpt-4o-mini', strategy: 'default' },
];
const PROMPTS = [{ messages: [{ role: 'user' as const, content: 'Explain TCP slow start in two sentences.' }] }];

/**
 * Per target: request i takes `baseMs + (i * 37) % spreadMs` of fake time, streams a chunk every
 * `gapMs` after its first token, and fails as `failures[i]` says. The strategy's requests go to
 * openai, except every fourth, which fails over to ollama (a second attempt).
 */
const SCRIPT: Record<string, { baseMs: number; spreadMs: number; gapMs: number; ttftMs: number; outputTokens: number; failures: Record<number, [errorClass: 'rate_limit' | 'server' | 'timeout', httpStatus: number | null]> }> = {
  'openai:gpt-4o-mini': { baseMs: 420, spreadMs: 180, gapMs: 12, ttftMs: 160, outputTokens: 64, failures: { 5: ['rate_limit', 429] } },
  'anthropic:claude-haiku-4-5': { baseMs: 610, spreadMs: 260, gapMs: 18, ttftMs: 240, outputTokens: 71, failures: { 3: ['server', 529], 9: ['timeout', null] } },
  'strategy:default': { baseMs: 450, spreadMs: 200, gapMs: 13, ttftMs: 170, outputTokens: 66, failures: {} },
};
/** USD per answered request by the provider that answered; anthropic's model has no known price (null), ollama is free. */
const COST_USD: Record<string, number | null> = { openai: 0.0000451, anthropic: null, ollama: 0 };

function scriptedExecutor(clock: FakeClock, slowerBy = 1): ExecuteRequest {
  return async (context) => {
    const script = SCRIPT[context.target.id];
    const sendMs = clock.now();
    const latencyMs = Math.round((script.baseMs + ((context.index * 37) % script.spreadMs)) * slowerBy);
    await clock.sleep(latencyMs, context.signal);
    if (context.signal.aborted) return { aborted: true };
    const failover = context.target.kind === 'strategy' && context.index % 4 === 3;
    const provider = failover ? 'ollama' : context.target.provider;
    const model = failover ? 'llama3.2' : context.target.model;
    const failure = script.failures[context.index];
    const common = { sendMs, endMs: sendMs + latencyMs, stream: context.stream, attempts: failover ? 2 : 1, provider, model };
    // A failure used no tokens: it costs 0 where the price is known (as the executors count it).
    if (failure) return failedOutcome({ ...common, costUsd: COST_USD[provider] === null ? null : 0, errorClass: failure[0], httpStatus: failure[1], errorMessage: `${provider}: ${failure[0]}` });
    const firstMs = sendMs + Math.round(script.ttftMs * slowerBy);
    const chunks = Math.floor((latencyMs - (firstMs - sendMs)) / script.gapMs);
    return answeredOutcome({
      ...common,
      chunks: { firstMs, lastMs: firstMs + chunks * script.gapMs, gapsMs: Array.from({ length: chunks }, () => script.gapMs) },
      // Ollama reports no usage on this path: its counts are estimates.
      usage: { inputTokens: 14, outputTokens: script.outputTokens, estimated: provider === 'ollama' },
      costUsd: COST_USD[provider],
    });
  };
}

async function benchReport(runId: string, options: Partial<RunBenchOptions> & { slowerBy?: number } = {}): Promise<BenchReport> {
  const clock = fakeClock({ startMs: 5_000 });
  const { slowerBy, ...overrides } = options;
  const settings = { runId, targets: TARGETS, prompts: PROMPTS, execute: scriptedExecutor(clock, slowerBy), requests: 12, concurrency: 3, warmup: 1, seed: 7, clock, ...overrides };
  const run = await runBench(settings);
  const fixed = { ...run, eventLoop: { p99Ms: 1.84, maxMs: 6.2 }, cpuMs: 96 };
  return buildReport(fixed, TARGETS, {
    startedAt: new Date(Date.UTC(2026, 2, 10, 9, 15)),
    stream: true,
    concurrency: settings.ratePerS === undefined ? settings.concurrency : null,
    ratePerS: settings.ratePerS ?? null,
    requestsPerTarget: settings.requests,
    durationS: null,
    warmupPerTarget: settings.warmup,
    seed: settings.seed,
  });
}

describe.each(GOLDEN_COLUMNS)('bench goldens at %i columns', (columns) => {
  it('bench-closed-loop: two models and a strategy side by side, with failures and served-by', async () => {
    expectGolden('bench-closed-loop', renderReportTable(await benchReport('b-closed'), { width: columns }), { columns });
  });

  it('bench-open-loop-compare: an open-loop run on the seeded schedule, compared with an earlier, slower one', async () => {
    const before = await benchReport('b-before', { ratePerS: 4, slowerBy: 1.25 });
    const after = await benchReport('b-after', { ratePerS: 4 });
    after.compare = compareRuns(before, after);
    expectGolden('bench-open-loop-compare', renderReportTable(after, { width: columns }), { columns });
  });

  it('bench-budget-stop: stopped by --budget, marked incomplete', async () => {
    const budget = new BudgetGuard(0.002, () => 0.0003);
    expectGolden('bench-budget-stop', renderReportTable(await benchReport('b-budget', { budget }), { width: columns }), { columns });
  });
});
