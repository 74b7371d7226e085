import { describe, expect, it } from 'vitest';
import { recordLatency, latencyKey, type LatencyStats } from '../../src/resilience/latency-stats.js';
import { acquireLease, leaseKey } from '../../src/resilience/leases.js';
import { strategyFor } from '../../src/routing/strategies/index.js';
import { roundRobinKey } from '../../src/routing/strategies/round-robin.js';
import { recordTokens, tokenBalanceKey } from '../../src/routing/strategies/token-balance.js';
import type { ResolvedTarget, StrategyContext } from '../../src/routing/strategies/types.js';
import type { StrategyConfig, StrategyType, UnitPrices } from '../../src/spec/config.js';

const NOW = 1_700_000_000_000;

function targets(...names: string[]): ResolvedTarget[] {
  return names.map((name) => ({ provider: name, model: `${name}-model`, local: false }));
}

function context(type: StrategyType, targetList: ResolvedTarget[], overrides: Partial<StrategyContext> = {}, strategy: Partial<StrategyConfig> = {}): StrategyContext {
  return {
    strategy: { name: 's', type, targets: targetList.map((t) => ({ provider: t.provider })), ...strategy },
    targets: targetList,
    estimate: { inputTokens: 1000, outputTokens: 500 },
    stream: false,
    priceOf: () => null,
    state: new Map(),
    nowMs: NOW,
    random: () => 0.99,
    ...overrides,
  };
}

/** Runs a strategy n times, feeding each advance back as the next state, like the router does. */
function pickSequence(type: StrategyType, targetList: ResolvedTarget[], n: number): string[] {
  const strategy = strategyFor(type);
  let state = new Map<string, unknown>();
  const picks: string[] = [];
  for (let i = 0; i < n; i++) {
    const ctx = context(type, targetList, { state });
    const decision = strategy.select(ctx)!;
    picks.push(decision.targets[0].provider);
    state = new Map([...state, ...Object.entries(strategy.advance!(ctx, decision))]);
  }
  return picks;
}

describe('priority', () => {
  it('keeps the configured order and names the chain', () => {
    const decision = strategyFor('priority').select(context('priority', targets('openai', 'anthropic', 'ollama')))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['openai', 'anthropic', 'ollama']);
    expect(decision.reason).toContain('then anthropic, ollama');
  });
  it('returns null without targets', () => {
    expect(strategyFor('priority').select(context('priority', []))).toBeNull();
  });
});

describe('round_robin', () => {
  it('rotates strictly and fallbacks continue the rotation', () => {
    expect(pickSequence('round_robin', targets('a', 'b', 'c'), 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    const decision = strategyFor('round_robin').select(context('round_robin', targets('a', 'b', 'c'), { state: new Map([[roundRobinKey('s'), { next: 1 }]]) }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['b', 'c', 'a']);
  });
  it('select alone does not move the cursor', () => {
    const ctx = context('round_robin', targets('a', 'b'));
    strategyFor('round_robin').select(ctx);
    expect(strategyFor('round_robin').select(ctx)!.targets[0].provider).toBe('a');
  });
});

describe('weighted_round_robin', () => {
  const weighted: ResolvedTarget[] = [
    { provider: 'openai', model: 'm', local: false, weight: 0.5 },
    { provider: 'anthropic', model: 'm', local: false, weight: 0.3 },
    { provider: 'ollama', model: 'm', local: false, weight: 0.2 },
  ];

  it('keeps every share within 1 of weight*100 over ANY 100 consecutive picks', () => {
    const picks = pickSequence('weighted_round_robin', weighted, 1000);
    for (let start = 0; start + 100 <= picks.length; start++) {
      const window = picks.slice(start, start + 100);
      for (const target of weighted) {
        const count = window.filter((p) => p === target.provider).length;
        expect(Math.abs(count - target.weight! * 100), `window at ${start}, ${target.provider}: ${count}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('interleaves instead of bursting and is deterministic', () => {
    const first = pickSequence('weighted_round_robin', weighted, 10);
    expect(first).toEqual(pickSequence('weighted_round_robin', weighted, 10));
    expect(first.slice(0, 2)).toEqual(['openai', 'anthropic']);
    for (let i = 1; i < first.length; i++) expect(first[i] === 'ollama' && first[i - 1] === 'ollama').toBe(false);
  });

  it('keeps two models of one provider apart', () => {
    const strategy = strategyFor('weighted_round_robin');
    let state = new Map<string, unknown>();
    const models: string[] = [];
    const list: ResolvedTarget[] = [
      { provider: 'openai', model: 'big', local: false, weight: 1 },
      { provider: 'openai', model: 'small', local: false, weight: 3 },
    ];
    for (let i = 0; i < 8; i++) {
      const ctx = context('weighted_round_robin', list, { state });
      const decision = strategy.select(ctx)!;
      models.push(decision.targets[0].model);
      state = new Map([...state, ...Object.entries(strategy.advance!(ctx, decision))]);
    }
    expect(models.filter((model) => model === 'small')).toHaveLength(6);
  });

  it('works with unnormalised integer weights', () => {
    const picks = pickSequence('weighted_round_robin', [
      { provider: 'a', model: 'm', local: false, weight: 3 },
      { provider: 'b', model: 'm', local: false, weight: 1 },
    ], 400);
    expect(picks.filter((p) => p === 'a').length).toBe(300);
  });
});

describe('least_cost', () => {
  const prices: Record<string, UnitPrices> = {
    openai: { inputPerMTok: 2.5, outputPerMTok: 10 },
    anthropic: { inputPerMTok: 3, outputPerMTok: 15 },
    cheap: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  };
  const priceOf = (provider: string) => prices[provider] ?? null;

  it('ranks by estimated cost of this request; local providers are free', () => {
    const list = [...targets('anthropic', 'openai', 'cheap'), { provider: 'ollama', model: 'llama', local: true }];
    const decision = strategyFor('least_cost').select(context('least_cost', list, { priceOf }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['ollama', 'cheap', 'openai', 'anthropic']);
    expect(decision.reason).toContain('ollama (llama) is cheapest at $0');
  });

  it('uses input and output estimates: output-heavy requests can flip the order', () => {
    const inputHeavy = { x: { inputPerMTok: 1, outputPerMTok: 20 }, y: { inputPerMTok: 5, outputPerMTok: 5 } } as Record<string, UnitPrices>;
    const lookup = (provider: string) => inputHeavy[provider];
    const many = strategyFor('least_cost').select(context('least_cost', targets('y', 'x'), { priceOf: lookup, estimate: { inputTokens: 10_000, outputTokens: 10 } }))!;
    expect(many.targets[0].provider).toBe('x');
    const long = strategyFor('least_cost').select(context('least_cost', targets('x', 'y'), { priceOf: lookup, estimate: { inputTokens: 10, outputTokens: 10_000 } }))!;
    expect(long.targets[0].provider).toBe('y');
  });

  it('ranks unknown prices last and says so, never as free', () => {
    const decision = strategyFor('least_cost').select(context('least_cost', targets('mystery', 'anthropic', 'openai'), { priceOf }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['openai', 'anthropic', 'mystery']);
    expect(decision.reason).toContain('price unknown for mystery (ranked last)');
  });

  it('with no price known keeps the configured order and says why', () => {
    const decision = strategyFor('least_cost').select(context('least_cost', targets('b', 'a')))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['b', 'a']);
    expect(decision.reason).toContain('no target has a known price');
  });
});

describe('performance_based', () => {
  function measured(samples: Record<string, Array<number | 'fail'>>, stream = false): Map<string, unknown> {
    const state = new Map<string, unknown>();
    for (const [provider, list] of Object.entries(samples)) {
      let stats: LatencyStats | undefined;
      for (const sample of list) stats = recordLatency(stats, sample === 'fail' ? { ok: false } : { ok: true, latencyMs: sample, ttftMs: stream ? sample / 4 : null }, NOW);
      state.set(latencyKey(provider), stats);
    }
    return state;
  }

  it('picks the lowest EWMA latency and ranks the rest by latency', () => {
    const state = measured({ a: [400, 400], b: [40, 40], c: [120, 120] });
    const decision = strategyFor('performance_based').select(context('performance_based', targets('a', 'b', 'c'), { state }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['b', 'c', 'a']);
    expect(decision.reason).toContain('b has the lowest expected time to an answer (latency and failures), 40 ms (no recent failures)');
    expect(decision.scores!.map((score) => [score.provider, score.expectedMs])).toEqual([['b', 40], ['c', 120], ['a', 400]]);
  });

  it('uses time to first token for streams', () => {
    const state = new Map<string, unknown>([
      [latencyKey('a'), recordLatency(undefined, { ok: true, latencyMs: 1000, ttftMs: 50 }, NOW)],
      [latencyKey('b'), recordLatency(undefined, { ok: true, latencyMs: 300, ttftMs: 200 }, NOW)],
    ]);
    expect(strategyFor('performance_based').select(context('performance_based', targets('a', 'b'), { state, stream: true }))!.targets[0].provider).toBe('a');
    expect(strategyFor('performance_based').select(context('performance_based', targets('a', 'b'), { state, stream: false }))!.targets[0].provider).toBe('b');
  });

  it('penalises failures: a provider failing most calls ranks below a healthy one under 3x slower', () => {
    const fails = Array.from({ length: 20 }, () => 'fail' as const);
    const state = measured({ fast: [40, ...fails], slow: [100] });
    expect(strategyFor('performance_based').select(context('performance_based', targets('fast', 'slow'), { state }))!.targets[0].provider).toBe('slow');
    // ...but 30% failures do not make 40 ms slower than 120 ms: most calls still get 40 ms.
    const some = measured({ fast: [40, 40, 'fail', 40, 40, 'fail', 'fail', 40, 40, 'fail'], slow: [120] });
    expect(strategyFor('performance_based').select(context('performance_based', targets('slow', 'fast'), { state: some }))!.targets[0].provider).toBe('fast');
  });

  it('explores never-measured targets first', () => {
    const state = measured({ a: [40] });
    const decision = strategyFor('performance_based').select(context('performance_based', targets('a', 'new'), { state }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['new', 'a']);
    expect(decision.reason).toContain('no latency measurement');
  });

  it('explores a non-best target with probability explorationRate (seeded random)', () => {
    const state = measured({ a: [400], b: [40], c: [120] });
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const firsts: string[] = [];
    for (let i = 0; i < 2000; i++) firsts.push(strategyFor('performance_based').select(context('performance_based', targets('a', 'b', 'c'), { state, random }, { explorationRate: 0.1 }))!.targets[0].provider);
    const explored = firsts.filter((p) => p !== 'b').length / firsts.length;
    expect(explored).toBeGreaterThan(0.07);
    expect(explored).toBeLessThan(0.13);
    expect(firsts).toContain('a');
    expect(firsts).toContain('c');
    const exploring = strategyFor('performance_based').select(context('performance_based', targets('a', 'b', 'c'), { state, random: () => 0.01 }))!;
    expect(exploring.targets[0].provider).not.toBe('b');
    expect(exploring.targets).toHaveLength(3);
    expect(exploring.reason).toContain('exploring');
  });
});

describe('least_connections', () => {
  it('picks the fewest live leases and ignores expired ones (a crashed process frees its slot)', () => {
    let a = acquireLease(undefined, 'x1', NOW - 1000, 60_000);
    a = acquireLease(a, 'x2', NOW - 1000, 60_000);
    // b: one live lease and two left behind by a crashed process, expired 1 ms and 60 s ago.
    const b = { leases: { y1: NOW + 59_000, 'crashed-1': NOW - 1, 'crashed-2': NOW - 60_000 } };
    const state = new Map<string, unknown>([[leaseKey('a'), a], [leaseKey('b'), b]]);
    const decision = strategyFor('least_connections').select(context('least_connections', targets('a', 'b', 'c'), { state }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['c', 'b', 'a']);
    expect(decision.reason).toContain('c 0, b 1, a 2');
  });
});

describe('token_balance', () => {
  const list: ResolvedTarget[] = [
    { provider: 'openai', model: 'm', local: false, maxTokens: 100_000 },
    { provider: 'anthropic', model: 'm', local: false, maxTokens: 80_000 },
    { provider: 'ollama', model: 'm', local: true, maxTokens: 50_000 },
  ];

  it('picks the most remaining share of the allowance in the current window', () => {
    const state = new Map<string, unknown>([
      [tokenBalanceKey('s', 'openai'), recordTokens(undefined, 60_000, NOW, 60)], // 40% left
      [tokenBalanceKey('s', 'anthropic'), recordTokens(undefined, 20_000, NOW, 60)], // 75% left
      [tokenBalanceKey('s', 'ollama'), recordTokens(undefined, 25_000, NOW, 60)], // 50% left
    ]);
    const decision = strategyFor('token_balance').select(context('token_balance', list, { state }))!;
    expect(decision.targets.map((t) => t.provider)).toEqual(['anthropic', 'ollama', 'openai']);
    expect(decision.reason).toContain('75%');
  });

  it('starts every window afresh', () => {
    const windowStart = Math.floor(NOW / 60_000) * 60_000;
    const state = new Map<string, unknown>([[tokenBalanceKey('s', 'openai'), recordTokens(undefined, 99_000, windowStart - 1, 60)]]);
    const sameWindow = new Map<string, unknown>([[tokenBalanceKey('s', 'openai'), recordTokens(undefined, 99_000, windowStart, 60)]]);
    expect(strategyFor('token_balance').select(context('token_balance', list, { state }))!.targets[0].provider).toBe('openai');
    expect(strategyFor('token_balance').select(context('token_balance', list, { state: sameWindow }))!.targets[0].provider).toBe('anthropic');
    // A longer window keeps counting.
    const longWindow = new Map<string, unknown>([[tokenBalanceKey('s', 'openai'), recordTokens(undefined, 99_000, NOW - 1000, 3600)]]);
    expect(strategyFor('token_balance').select(context('token_balance', list, { state: longWindow }, { windowS: 3600 }))!.targets[0].provider).toBe('anthropic');
  });
});
