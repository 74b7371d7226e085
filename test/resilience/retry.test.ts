import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryVerdict, type RetryPolicy } from '../../src/resilience/retry.js';
import { callError } from '../routing/helpers.js';

const policy: RetryPolicy = { maxAttempts: 4, backoffFactor: 2, baseDelayMs: 500, maxRetryAfterMs: 20_000 };

describe('backoffDelayMs', () => {
  it('grows by backoffFactor per retry, with jitter between half and all of the nominal delay', () => {
    expect([0, 1, 2, 3].map((k) => backoffDelayMs(k, policy, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((k) => backoffDelayMs(k, policy, () => 0.999999))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelayMs(2, { baseDelayMs: 100, backoffFactor: 1.5 }, () => 0.5)).toBe(Math.round(225 / 2 + 225 / 4));
  });
});

describe('retryVerdict', () => {
  it('retries retryable classes with backoff until max_attempts, then fails over', () => {
    const error = callError('openai', 'server', 503);
    expect(retryVerdict(error, 1, policy, () => 1)).toMatchObject({ action: 'retry', delayMs: 500 });
    expect(retryVerdict(error, 2, policy, () => 1)).toMatchObject({ action: 'retry', delayMs: 1000 });
    expect(retryVerdict(error, 3, policy, () => 1)).toMatchObject({ action: 'retry', delayMs: 2000 });
    expect(retryVerdict(error, 4, policy, () => 1)).toMatchObject({ action: 'failover' });
  });

  it('honours retry-after under the cap and fails over at once above it', () => {
    expect(retryVerdict(callError('openai', 'rate_limit', 429, 7_000), 1, policy, () => 0)).toMatchObject({ action: 'retry', delayMs: 7_000 });
    expect(retryVerdict(callError('openai', 'rate_limit', 429, 20_000), 1, policy, () => 0)).toMatchObject({ action: 'retry', delayMs: 20_000 });
    const over = retryVerdict(callError('openai', 'rate_limit', 429, 20_001), 1, policy, () => 0);
    expect(over.action).toBe('failover');
    expect(over.reason).toContain('over the 20.0 s cap');
  });

  it('fails over on auth/permission/not_found/quota without retrying, and stops on bad requests', () => {
    for (const errorClass of ['auth', 'permission', 'not_found', 'quota'] as const) expect(retryVerdict(callError('p', errorClass), 1, policy, () => 0).action).toBe('failover');
    for (const errorClass of ['timeout', 'network', 'overloaded', 'conflict'] as const) expect(retryVerdict(callError('p', errorClass), 1, policy, () => 0).action).toBe('retry');
    expect(retryVerdict(callError('p', 'bad_request', 400), 1, policy, () => 0).action).toBe('fatal');
  });
});
