import type { ErrorClass, Usage } from '../spec/index.js';
import { errorBucketOf } from './error-buckets.js';
import type { ExecuteOutcome } from './executor.js';

/** When a response's text arrived, in ms on the bench clock: t_first, t_last and the gaps between chunks. */
export interface ChunkTiming {
  firstMs: number | null;
  lastMs: number | null;
  gapsMs: number[];
}

/** A fresh ChunkTiming and the function that stamps it at each text-carrying chunk (empty text is no chunk). */
export function chunkTimer(now: () => number): { timing: ChunkTiming; onText(text: string): void } {
  const timing: ChunkTiming = { firstMs: null, lastMs: null, gapsMs: [] };
  return {
    timing,
    onText(text) {
      if (text === '') return;
      const nowMs = now();
      if (timing.firstMs === null) timing.firstMs = nowMs;
      else timing.gapsMs.push(nowMs - timing.lastMs!);
      timing.lastMs = nowMs;
    },
  };
}

/** What both kinds of outcome carry. */
interface OutcomeBase {
  sendMs: number;
  endMs: number;
  stream: boolean;
  costUsd: number | null;
  attempts: number;
  provider: string;
  model: string;
}

/** An answered request; t_first and t_last only exist when it streamed. */
export function answeredOutcome(fields: OutcomeBase & { chunks: ChunkTiming; usage: Pick<Usage, 'inputTokens' | 'outputTokens' | 'estimated'> }): ExecuteOutcome {
  return {
    status: 'ok',
    errorClass: null,
    errorBucket: null,
    httpStatus: null,
    errorMessage: null,
    sendMs: fields.sendMs,
    firstMs: fields.stream ? fields.chunks.firstMs : null,
    lastMs: fields.stream ? fields.chunks.lastMs : null,
    endMs: fields.endMs,
    stream: fields.stream,
    chunkGapsMs: fields.chunks.gapsMs,
    inputTokens: fields.usage.inputTokens,
    outputTokens: fields.usage.outputTokens,
    tokensEstimated: fields.usage.estimated,
    costUsd: fields.costUsd,
    attempts: fields.attempts,
    provider: fields.provider,
    model: fields.model,
  };
}

/** A failed request: no text timings and no tokens; its bucket follows from class and HTTP status. */
export function failedOutcome(fields: OutcomeBase & { errorClass: ErrorClass; httpStatus: number | null; errorMessage: string }): ExecuteOutcome {
  return {
    status: 'error',
    errorClass: fields.errorClass,
    errorBucket: errorBucketOf(fields.errorClass, fields.httpStatus),
    httpStatus: fields.httpStatus,
    errorMessage: fields.errorMessage,
    sendMs: fields.sendMs,
    firstMs: null,
    lastMs: null,
    endMs: fields.endMs,
    stream: fields.stream,
    chunkGapsMs: [],
    inputTokens: 0,
    outputTokens: 0,
    tokensEstimated: false,
    costUsd: fields.costUsd,
    attempts: fields.attempts,
    provider: fields.provider,
    model: fields.model,
  };
}
