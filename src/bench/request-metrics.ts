import type { RequestSample } from './types.js';

/** Per-request metrics, by the formulas in README-metrics.ts; null where a formula does not apply. */
export interface RequestMetrics {
  /** t_first − t_send; null for non-streaming requests or a stream that carried no text. */
  ttftMs: number | null;
  /** (t_last − t_first) / (output_tokens − 1); null unless streaming with at least 2 output tokens. */
  tpotMs: number | null;
  /** t_end − t_send. */
  e2eMs: number;
  /** output_tokens / e2e, in tokens per second. */
  outputTokensPerS: number | null;
  /** t_send − t_sched (open loop only). */
  dispatchDelayMs: number | null;
  /** t_end − t_sched (open loop only): corrects coordinated omission. */
  schedE2eMs: number | null;
}

type Timing = Pick<RequestSample, 'schedMs' | 'sendMs' | 'firstMs' | 'lastMs' | 'endMs' | 'stream' | 'outputTokens'>;

export function requestMetrics(sample: Timing): RequestMetrics {
  const e2eMs = sample.endMs - sample.sendMs;
  const streamed = sample.stream && sample.firstMs !== null;
  const ttftMs = streamed ? sample.firstMs! - sample.sendMs : null;
  const tpotMs =
    streamed && sample.lastMs !== null && sample.outputTokens >= 2 ? (sample.lastMs - sample.firstMs!) / (sample.outputTokens - 1) : null;
  return {
    ttftMs,
    tpotMs,
    e2eMs,
    outputTokensPerS: e2eMs > 0 ? sample.outputTokens / (e2eMs / 1000) : null,
    dispatchDelayMs: sample.schedMs === null ? null : sample.sendMs - sample.schedMs,
    schedE2eMs: sample.schedMs === null ? null : sample.endMs - sample.schedMs,
  };
}
