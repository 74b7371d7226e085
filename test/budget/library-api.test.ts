import { describe, expect, it } from 'vitest';
import { BudgetAlert } from '../../src/budget/index.js';
import { CostTracker } from '../../src/ledger/index.js';
import { ConfigError } from '../../src/spec/errors.js';

describe('CostTracker (the seed example)', () => {
  it('tracks calls, prices addCost() with the bundled table and reports totals by provider', async () => {
    let nowMs = Date.UTC(2026, 2, 10, 12);
    const tracker = new CostTracker({ now: () => nowMs, timeZone: 'UTC' });
    const generate = tracker.track(async (prompt: string, provider: string, model: string) => {
      const usage = { inputTokens: 100_000, outputTokens: 20_000 };
      tracker.addCost(provider, model, usage);
      return `${prompt} answered`;
    });
    expect(await generate('hi', 'openai', 'gpt-4o')).toBe('hi answered'); // 0.25 + 0.20
    expect(await generate('hi', 'anthropic', 'claude-haiku-4-5')).toBe('hi answered'); // 0.10 + 0.10
    nowMs += 24 * 3_600_000;
    await generate('hi', 'openai', 'gpt-4o-mini'); // 0.015 + 0.012, tomorrow
    await generate('hi', 'openai', 'gpt-4o-mini-x'); // unknown: not counted, not 0
    const failing = tracker.track(async () => {
      throw new Error('provider down');
    });
    await expect(failing()).rejects.toThrow('provider down');

    const report = tracker.getReport();
    expect(report.totalCost).toBeCloseTo(0.45 + 0.2 + 0.027, 10);
    expect(report.byProvider.openai).toBeCloseTo(0.477, 10);
    expect(report.byProvider.anthropic).toBeCloseTo(0.2, 10);
    expect(report).toMatchObject({ unpricedCalls: 1, trackedCalls: 5, trackedFailures: 1 });
    expect(tracker.getDailyCost()).toBeCloseTo(0.027, 10);
  });

  it('returns null from addCost for an unknown model', () => {
    expect(new CostTracker().addCost('openai', 'gpt-4o-mini-x', { inputTokens: 1, outputTokens: 1 })).toBeNull();
  });
});

describe('BudgetAlert (the seed example)', () => {
  it('derives thresholds and runs a wrapped check with itself as `this`', async () => {
    const budgetAlert = new BudgetAlert({ dailyBudget: 10, monthlyBudget: 300, alertThreshold: 0.8 });
    expect(budgetAlert.dailyThreshold).toBe(8);
    expect(budgetAlert.monthlyThreshold).toBe(240);
    const alerts: string[] = [];
    const checkCosts = budgetAlert.checkBudget(async (currentCost: number) => {
      if (currentCost > budgetAlert.dailyThreshold) alerts.push(`Daily budget threshold reached: $${currentCost}`);
      return currentCost;
    });
    expect(await checkCosts(9)).toBe(9);
    expect(await checkCosts(5)).toBe(5);
    expect(alerts).toEqual(['Daily budget threshold reached: $9']);
    expect(budgetAlert.evaluate({ daily: 10, monthly: 100 })).toEqual({ dailyAlert: true, dailyExceeded: true, monthlyAlert: false, monthlyExceeded: false });
  });

  it('defaults the threshold to 0.8 and rejects nonsense', () => {
    expect(new BudgetAlert({ dailyBudget: 5 }).dailyThreshold).toBe(4);
    expect(new BudgetAlert({ dailyBudget: 5 }).monthlyThreshold).toBe(Infinity);
    expect(() => new BudgetAlert({ dailyBudget: -1 })).toThrow(ConfigError);
    expect(() => new BudgetAlert({ dailyBudget: 1, alertThreshold: 2 })).toThrow(ConfigError);
  });
});
