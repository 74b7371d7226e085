import { describe, expect, it } from 'vitest';
import { BudgetGuard } from '../../src/bench/budget-guard.js';
import type { ExecuteContext, ExecuteRequest } from '../../src/bench/executor.js';
import { answeredOutcome } from '../../src/bench/outcomes.js';
import { buildReport } from '../../src/bench/report.js';
import { runBench } from '../../src/bench/runner.js';
import type { BenchTarget } from '../../src/bench/types.js';
import { fakeClock, type FakeClock } from '../helpers/fake-clock.js';

const targets: BenchTarget[] = [
  { id: 'a:m', kind: 'model', provider: 'a', model: 'm' },
  { id: 'b:m', kind: 'model', provider: 'b', model: 'm' },
];
const prompts = [{ messages: [{ role: 'user' as const, content: 'one' }] }, { messages: [{ role: 'user' as const, content: 'two' }] }];

/** An executor that "takes" latencyMs on the fake clock and answers 10 tokens at $0.01. */
function fakeExecutor(clock: FakeClock, latencyMs = 100, seen: ExecuteContext[] = []): ExecuteRequest {
  return async (context) => {
    seen.push(context);
    const sendMs = clock.now();
    await Promise.resolve();
    if (context.signal.aborted) return { aborted: true };
    return answeredOutcome({
      sendMs,
      endMs: sendMs + latencyMs,
      stream: context.stream,
      chunks: { firstMs: sendMs + 10, lastMs: sendMs + latencyMs - 1, gapsMs: [] },
      usage: { inputTokens: 3, outputTokens: 10, estimated: false },
      costUsd: 0.01,
      attempts: 1,
      provider: context.target.provider,
      model: context.target.model,
    });
  };
}

describe('runBench', () => {
  it('warms up, then measures every target, cycling the prompts', async () => {
    const clock = fakeClock({ startMs: 0 });
    const seen: ExecuteContext[] = [];
    const run = await runBench({ runId: 'r1', targets, prompts, execute: fakeExecutor(clock, 100, seen), requests: 3, concurrency: 2, warmup: 2, clock });
    expect(run.samples.filter((sample) => sample.warmup)).toHaveLength(4);
    expect(run.samples.filter((sample) => !sample.warmup)).toHaveLength(6);
    const measuredA = seen.filter((context) => !context.warmup && context.target.id === 'a:m');
    expect(measuredA.map((context) => context.prompt.messages[0].content).sort()).toEqual(['one', 'one', 'two']);
    expect(new Set(seen.map((context) => context.requestId)).size).toBe(seen.length);
    expect(run.stoppedBy).toBeNull();
  });

  it('with a tight bound (--max-tokens), always reserves it', async () => {
    const clock = fakeClock({ startMs: 0 });
    // Each request costs $0.01 but may cost up to $0.02: after two ($0.02 spent) a third could reach $0.04.
    const budget = new BudgetGuard(0.035, () => 0.02, true);
    const run = await runBench({ runId: 'r2b', targets: [targets[0]], prompts, execute: fakeExecutor(clock), requests: 10, concurrency: 1, warmup: 0, budget, clock });
    expect(run.stoppedBy).toBe('budget');
    expect(run.samples).toHaveLength(2);
  });

  it('stops before the budget could be exceeded', async () => {
    const clock = fakeClock({ startMs: 0 });
    // Worst case $0.02 before anything is measured, then the dearest seen ($0.01).
    const budget = new BudgetGuard(0.035, () => 0.02);
    const run = await runBench({ runId: 'r2', targets: [targets[0]], prompts, execute: fakeExecutor(clock), requests: 10, concurrency: 1, warmup: 0, budget, clock });
    expect(run.stoppedBy).toBe('budget');
    expect(run.samples).toHaveLength(3);
    expect(budget.spent).toBeCloseTo(0.03, 12);
  });

  it('abandons in-flight requests on abort without counting them as failures', async () => {
    const clock = fakeClock({ startMs: 0 });
    const controller = new AbortController();
    let calls = 0;
    const execute: ExecuteRequest = async (context) => {
      calls++;
      if (calls === 3) controller.abort();
      return fakeExecutor(clock)(context);
    };
    const run = await runBench({ runId: 'r3', targets: [targets[0]], prompts, execute, requests: 50, concurrency: 1, warmup: 0, signal: controller.signal, clock });
    expect(run.stoppedBy).toBe('interrupted');
    expect(run.abandoned).toBe(1);
    expect(run.samples).toHaveLength(2);
    const report = buildReport(run, [targets[0]], { startedAt: new Date(0), stream: true, concurrency: 1, ratePerS: null, requestsPerTarget: 50, durationS: null, warmupPerTarget: 0, seed: 1 });
    expect(report.incomplete).toBe(true);
    expect(report.targets[0].counts).toMatchObject({ ok: 2, failed: 0 });
  });

  it('runs an open loop on the seeded schedule and checks the achieved rate', async () => {
    const clock = fakeClock({ startMs: 0 });
    const run = await runBench({ runId: 'r4', targets: [targets[0]], prompts, execute: fakeExecutor(clock, 5), requests: 30, ratePerS: 100, warmup: 0, seed: 9, clock });
    const again = await runBench({ runId: 'r5', targets: [targets[0]], prompts, execute: fakeExecutor(fakeClock({ startMs: 0 }), 5), requests: 30, ratePerS: 100, warmup: 0, seed: 9, clock: fakeClock({ startMs: 0 }) });
    const offsets = (samples: typeof run.samples) => samples.map((sample) => sample.schedMs! - samples[0].schedMs!);
    expect(offsets(run.samples)).toEqual(offsets(again.samples));
    expect(run.dispatch[0].dispatched).toBe(30);
    const report = buildReport(run, [targets[0]], { startedAt: new Date(0), stream: true, concurrency: null, ratePerS: 100, requestsPerTarget: 30, durationS: null, warmupPerTarget: 0, seed: 9 });
    expect(report.mode).toBe('open');
    // On a fake clock every send is exactly on time.
    expect(report.client.dispatch_delay_ms).toMatchObject({ n: 30, p50: 0, p99: 0 });
    // Sent exactly on schedule: the achieved rate is the scheduled one.
    expect(report.client.achieved_rate_per_s).toBeGreaterThan(0);
    expect(report.client.verdict).not.toBe('invalid');
    expect(report.targets[0].latency_ms.sched_e2e!.p50).toBe(5);
  });
});
