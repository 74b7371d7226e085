import { describe, expect, it } from 'vitest';
import { plausibleUsage } from '../../src/providers/shared/plausible-usage.js';

describe('plausibleUsage', () => {
  it('leaves a plausible usage as it is (the same object)', () => {
    const usage = { inputTokens: 12_050, outputTokens: 100, cachedInputTokens: 10_000, cacheWrite5mTokens: 2000, reasoningTokens: 40, estimated: false };
    expect(plausibleUsage(usage)).toBe(usage);
  });

  it('takes negative and non-finite counts as 0 and rounds fractions, saying so', () => {
    const fixed = plausibleUsage({ inputTokens: -5, outputTokens: 10.4, cachedInputTokens: Number.NaN, estimated: false });
    expect(fixed).toMatchObject({ inputTokens: 0, outputTokens: 10, cachedInputTokens: 0 });
    expect(fixed.clamped).toBe('input tokens -5 is not a count (taken as 0); output tokens 10.4 is not a whole number (rounded); cache read tokens NaN is not a count (taken as 0)');
  });

  it('cuts cache reads, then 5-minute, then 1-hour writes to the input, and reasoning to the output', () => {
    const fixed = plausibleUsage({ inputTokens: 100, outputTokens: 10, cachedInputTokens: 60, cacheWrite5mTokens: 30, cacheWrite1hTokens: 30, reasoningTokens: 25, estimated: false });
    expect(fixed).toMatchObject({ inputTokens: 100, cachedInputTokens: 60, cacheWrite5mTokens: 30, cacheWrite1hTokens: 10, reasoningTokens: 10 });
    expect(fixed.clamped).toMatch(/cache reads and writes \(120\) exceed the input \(100\).*reasoning tokens \(25\) exceed the output \(10\)/);
  });

  it('drops a negative billed cost, so the cost is computed instead', () => {
    const fixed = plausibleUsage({ inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, billedCostUsd: -0.5, estimated: false });
    expect(fixed.billedCostUsd).toBeUndefined();
    expect(fixed.clamped).toMatch(/billed cost of -0.5 USD is not a cost/);
  });
});
