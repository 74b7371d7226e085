import type { ChatMessage, ErrorClass } from '../spec/index.js';

/** One thing being benchmarked: a provider's model, or a routing strategy. */
export interface BenchTarget {
  /** `provider:model` or `strategy:NAME`; unique within a run. */
  id: string;
  kind: 'model' | 'strategy';
  /** For a strategy target: the strategy name (provider and model vary per request). */
  provider: string;
  model: string;
  strategy?: string;
}

/** What one request sends: a single prompt or a whole conversation, from --prompt or a dataset line. */
export interface BenchPrompt {
  messages: ChatMessage[];
}

/** The error buckets bench reports; every ErrorClass falls in exactly one. */
export const ERROR_BUCKETS = ['429', '5xx', 'timeout', 'network', 'other'] as const;
export type ErrorBucket = (typeof ERROR_BUCKETS)[number];

/**
 * One measured request. Times are monotonic milliseconds (performance.now()), comparable only within
 * one process; they never leave it.
 */
export interface RequestSample {
  targetId: string;
  /** 0-based position among this target's requests (warm-up ones included). */
  index: number;
  warmup: boolean;
  status: 'ok' | 'error';
  errorClass: ErrorClass | null;
  errorBucket: ErrorBucket | null;
  httpStatus: number | null;
  errorMessage: string | null;
  /** Intended send time (open loop only). */
  schedMs: number | null;
  sendMs: number;
  /** First and last chunk carrying output text (streaming only). */
  firstMs: number | null;
  lastMs: number | null;
  endMs: number;
  stream: boolean;
  /** Gaps between consecutive text-carrying chunks, ms. */
  chunkGapsMs: number[];
  inputTokens: number;
  outputTokens: number;
  tokensEstimated: boolean;
  /** null when the price is unknown. */
  costUsd: number | null;
  /** Attempts this request took (1 unless retries or failover). */
  attempts: number;
  /** Provider and model that answered (or last failed); for strategy targets this varies. */
  provider: string;
  model: string;
}

/** Order statistics of one metric; null fields when n = 0. */
export interface MetricSummary {
  n: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  /** Percentiles the sample is too small for (n < ln(0.025)/ln(q)). */
  unreliable: Array<'p50' | 'p90' | 'p95' | 'p99'>;
}

export type TokenSource = 'server' | 'estimated' | 'mixed';

export interface TargetReport {
  id: string;
  kind: 'model' | 'strategy';
  /** null for a strategy target (see served_by). */
  provider: string | null;
  model: string | null;
  strategy: string | null;
  counts: { ok: number; failed: number; warmup: number; attempts: number };
  latency_ms: {
    ttft: MetricSummary;
    tpot: MetricSummary;
    e2e: MetricSummary;
    inter_chunk: MetricSummary;
    /** Open loop: t_end − t_sched, latency as seen from the intended send time. */
    sched_e2e: MetricSummary | null;
  };
  throughput: {
    requests_per_s: number | null;
    output_tokens_per_s: number | null;
    output_tokens_per_s_per_request: MetricSummary;
    window_s: number;
  };
  errors: { count: number; rate: number | null; by_class: Record<ErrorBucket, number> };
  tokens: {
    input_total: number;
    output_total: number;
    input_mean: number | null;
    output_mean: number | null;
    source: TokenSource | null;
  };
  cost: { total_usd: number | null; per_request_usd: number | null; per_million_output_usd: number | null };
  /** Per answering provider:model, for strategy targets (how the strategy spread the load). */
  served_by: Record<string, number>;
}

export type ClientVerdict = 'ok' | 'warn' | 'invalid';

export interface ClientReport {
  verdict: ClientVerdict;
  /** Why the verdict is not ok. */
  reasons: string[];
  event_loop_delay_ms_p99: number | null;
  event_loop_delay_ms_max: number | null;
  /** Open loop only: t_send − t_sched. */
  dispatch_delay_ms: MetricSummary | null;
  target_rate_per_s: number | null;
  achieved_rate_per_s: number | null;
  /** CPU (user + system) the client used while measuring, per measured request, ms: its own cost. */
  cpu_ms_per_request: number | null;
}

export interface BenchReport {
  schema: 'bench/1';
  run_id: string;
  started_at: string;
  mode: 'closed' | 'open';
  stream: boolean;
  concurrency: number | null;
  rate_per_s: number | null;
  requests_per_target: number | null;
  duration_s: number | null;
  warmup_per_target: number;
  seed: number;
  incomplete: boolean;
  /** Why the run stopped early, e.g. "interrupted" or "budget". */
  stopped_by: string | null;
  elapsed_s: number;
  targets: TargetReport[];
  client: ClientReport;
  compare?: CompareReport;
}

export interface MetricDelta {
  metric: string;
  before: number | null;
  after: number | null;
  delta: number | null;
  /** Relative change in percent; null when before is 0 or missing. */
  delta_pct: number | null;
}

export interface CompareReport {
  run_id: string;
  targets: Array<{ id: string; deltas: MetricDelta[] }>;
  /** Targets present in only one of the two runs. */
  only_before: string[];
  only_after: string[];
}
