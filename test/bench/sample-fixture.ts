import type { RequestSample } from '../../src/bench/types.js';

/** A successful streamed request to `a:m`, overridable field by field. */
export function sample(overrides: Partial<RequestSample> = {}): RequestSample {
  return {
    targetId: 'a:m',
    index: 0,
    warmup: false,
    status: 'ok',
    errorClass: null,
    errorBucket: null,
    httpStatus: null,
    errorMessage: null,
    schedMs: null,
    sendMs: 0,
    firstMs: 50,
    lastMs: 140,
    endMs: 150,
    stream: true,
    chunkGapsMs: [10, 10],
    inputTokens: 10,
    outputTokens: 10,
    tokensEstimated: false,
    costUsd: 0.001,
    attempts: 1,
    provider: 'a',
    model: 'm',
    ...overrides,
  };
}
