import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage, mergeAnthropicUsage } from '../../src/providers/anthropic/convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from '../../src/providers/anthropic/map-anthropic-finish-reason.js';
import { mapOllamaFinishReason } from '../../src/providers/ollama/map-ollama-finish-reason.js';
import { mapOpenAiFinishReason } from '../../src/providers/openai/map-openai-finish-reason.js';
import { abortErrorClass } from '../../src/providers/shared/abort-error-class.js';
import { errorClassForErrorType } from '../../src/providers/shared/classify-status.js';
import { parseGoDurationMs, parseRateLimitResetMs, parseRetryAfterMs } from '../../src/providers/shared/retry-after.js';

const headers = (values: Record<string, string>) => new Headers(values);

describe('parseRetryAfterMs', () => {
  const nowMs = Date.parse('2026-01-01T00:00:00Z');
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '12.5' }, 12.5],
    [{ 'retry-after-ms': '100', 'retry-after': '7' }, 100],
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': '0.001' }, 1],
    [{ 'retry-after': '0' }, 0],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after-ms': 'soon', 'retry-after': '3' }, 3000],
    [{ 'retry-after': 'later' }, undefined],
    [{ 'retry-after': '-5' }, undefined],
    [{ 'retry-after': '' }, undefined],
    [{}, undefined],
  ])('%j -> %s', (values, expected) => {
    expect(parseRetryAfterMs(headers(values), nowMs)).toBe(expected);
  });

  it('is undefined without headers', () => {
    expect(parseRetryAfterMs(undefined, nowMs)).toBeUndefined();
  });
});

describe('parseGoDurationMs', () => {
  it.each<[string, number | undefined]>([
    ['120ms', 120],
    ['1s', 1000],
    ['6m0s', 360_000],
    ['1h2m3.5s', 3_723_500],
    ['2.5s', 2500],
    ['', undefined],
    ['soon', undefined],
    ['5 s', undefined],
    ['1s later', undefined],
  ])('%s -> %s', (text, expected) => {
    expect(parseGoDurationMs(text)).toBe(expected);
  });
});

describe('parseRateLimitResetMs (a 429 without retry-after)', () => {
  const nowMs = Date.parse('2026-01-01T00:00:00Z');
  it.each<[string, Record<string, string>, number | undefined]>([
    ['OpenAI: the exhausted budget\'s reset', { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1.5s', 'x-ratelimit-remaining-tokens': '900', 'x-ratelimit-reset-tokens': '6m0s' }, 1500],
    ['OpenAI: no remaining counts, the latest reset', { 'x-ratelimit-reset-requests': '200ms', 'x-ratelimit-reset-tokens': '2s' }, 2000],
    ['Anthropic: RFC 3339 reset of the exhausted budget', { 'anthropic-ratelimit-requests-remaining': '10', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:01:00Z', 'anthropic-ratelimit-input-tokens-remaining': '0', 'anthropic-ratelimit-input-tokens-reset': '2026-01-01T00:00:12Z' }, 12_000],
    ['Anthropic: a reset in the past is 0', { 'anthropic-ratelimit-tokens-remaining': '0', 'anthropic-ratelimit-tokens-reset': '2025-12-31T23:59:00Z' }, 0],
    ['no reset headers', { 'x-ratelimit-remaining-requests': '0' }, undefined],
  ])('%s', (_label, values, expected) => {
    expect(parseRateLimitResetMs(headers(values), nowMs)).toBe(expected);
  });
});

describe('finish reasons', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['tool_calls', 'tool_calls'],
    ['function_call', 'tool_calls'],
    ['error', 'error'],
    ['something_new', 'other'],
    [null, 'unknown'],
    ['', 'unknown'],
  ])('openai %s -> %s', (raw, expected) => {
    expect(mapOpenAiFinishReason(raw)).toBe(expected);
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'refusal'],
    ['pause_turn', 'other'],
    [null, 'unknown'],
  ])('anthropic %s -> %s', (raw, expected) => {
    expect(mapAnthropicFinishReason(raw)).toBe(expected);
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['load', 'other'],
    // The done:true message of older servers (and of the API docs' examples) has no done_reason.
    [undefined, 'stop'],
    [null, 'stop'],
  ])('ollama %s -> %s', (raw, expected) => {
    expect(mapOllamaFinishReason(raw)).toBe(expected);
  });
});

describe('anthropic usage', () => {
  it('counts all input, cache reads as the cached subset', () => {
    expect(
      convertAnthropicUsage({ input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 100, cache_creation_input_tokens: 20 }),
    ).toEqual({ inputTokens: 130, outputTokens: 5, cachedInputTokens: 100, cacheWrite5mTokens: 20, cacheWrite1hTokens: 0, serviceTier: null });
  });

  it('splits cache writes by lifetime from cache_creation, and keeps the tier answered', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 50,
        output_tokens: 100,
        cache_read_input_tokens: 10_000,
        cache_creation_input_tokens: 2000,
        cache_creation: { ephemeral_5m_input_tokens: 500, ephemeral_1h_input_tokens: 1500 },
        service_tier: 'priority',
      }),
    ).toEqual({ inputTokens: 12_050, outputTokens: 100, cachedInputTokens: 10_000, cacheWrite5mTokens: 500, cacheWrite1hTokens: 1500, serviceTier: 'priority' });
  });

  it('message_delta totals replace only the fields they carry', () => {
    const start = { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 30, cache_creation_input_tokens: 0, cache_creation: null, service_tier: null };
    expect(mergeAnthropicUsage(start, { output_tokens: 6 })).toEqual({ ...start, output_tokens: 6 });
    expect(mergeAnthropicUsage(start, { output_tokens: 6, input_tokens: 14, cache_read_input_tokens: null })).toEqual({
      ...start,
      input_tokens: 14,
      output_tokens: 6,
    });
  });
});

describe('mid-stream error types', () => {
  it.each<[string | number | undefined, string]>([
    ['overloaded_error', 'overloaded'],
    ['rate_limit_error', 'rate_limit'],
    ['rate_limit_exceeded', 'rate_limit'],
    ['tokens', 'rate_limit'],
    ['insufficient_quota', 'quota'],
    ['billing_error', 'quota'],
    ['api_error', 'server'],
    ['server_error', 'server'],
    ['timeout_error', 'timeout'],
    ['invalid_request_error', 'bad_request'],
    ['authentication_error', 'auth'],
    ['permission_error', 'permission'],
    ['not_found_error', 'not_found'],
    [429, 'rate_limit'],
    ['502', 'server'],
    [undefined, 'server'],
  ])('%s -> %s', (type, expected) => {
    expect(errorClassForErrorType(type)).toBe(expected);
  });
});

describe('abortErrorClass', () => {
  it('is timeout for a TimeoutError reason and aborted otherwise', () => {
    const timedOut = new AbortController();
    timedOut.abort(new DOMException('t', 'TimeoutError'));
    const cancelled = new AbortController();
    cancelled.abort();
    const custom = new AbortController();
    custom.abort('user pressed Ctrl-C');
    expect(abortErrorClass(timedOut.signal)).toBe('timeout');
    expect(abortErrorClass(cancelled.signal)).toBe('aborted');
    expect(abortErrorClass(custom.signal)).toBe('aborted');
  });
});
