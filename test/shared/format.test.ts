import { describe, expect, it } from 'vitest';
import { formatCountdown, formatMs, formatSeconds } from '../../src/shared/format-duration.js';
import { formatPercent } from '../../src/shared/format-percent.js';
import { formatUsd } from '../../src/shared/format-usd.js';

describe('formatUsd: one rule for every amount llmx prints', () => {
  it.each([
    [0, '$0.00'],
    [1, '$1.00'],
    [12.345, '$12.35'],
    [1234.5, '$1234.50'],
    [0.9, '$0.9000'],
    [0.0123, '$0.0123'],
    [0.01, '$0.0100'],
    [0.008766, '$0.00877'],
    [0.001, '$0.00100'],
    [0.0000153, '$0.0000153'],
    [1e-9, '$0.00000000100'],
    [-0.0123, '-$0.0123'],
    [-5, '-$5.00'],
  ])('%s -> %s', (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });

  it('an amount that would round up to a dollar with four decimals is shown in cents', () => {
    expect(formatUsd(0.99996)).toBe('$1.00');
    expect(formatUsd(0.99994)).toBe('$0.9999');
  });

  it('never prints an exponent and never shows a spend as zero', () => {
    for (let exponent = -15; exponent <= 6; exponent++) {
      const text = formatUsd(1.7 * 10 ** exponent);
      expect(text).not.toMatch(/e/i);
      expect(text).toMatch(/[1-9]/);
    }
  });
});

describe('durations', () => {
  it('formatSeconds: one decimal and a space, never negative', () => {
    expect(formatSeconds(42_345)).toBe('42.3 s');
    expect(formatSeconds(500)).toBe('0.5 s');
    expect(formatSeconds(-20)).toBe('0.0 s');
  });

  it('formatCountdown: read as a person would say them, rounded up to the second', () => {
    expect(formatCountdown(0)).toBe('0s');
    expect(formatCountdown(999)).toBe('1s');
    expect(formatCountdown(59_001)).toBe('1m 00s');
    expect(formatCountdown(125_000)).toBe('2m 05s');
    expect(formatCountdown(-5)).toBe('0s');
  });

  it('formatMs: whole milliseconds', () => {
    expect(formatMs(122.5)).toBe('123 ms');
    expect(formatMs(0)).toBe('0 ms');
  });
});

describe('formatPercent', () => {
  it('rounds half up to the decimals asked for', () => {
    expect(formatPercent(0.425)).toBe('43%');
    expect(formatPercent(0.021)).toBe('2%');
    expect(formatPercent(0.021, 1)).toBe('2.1%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0, 1)).toBe('0.0%');
  });
});
