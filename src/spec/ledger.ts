import type { ErrorClass } from './errors.js';

/** One row per attempt: what the ledger stores and `costs`, `health`, `metrics` read back. */
export interface AttemptRecord {
  requestId: string;
  /** 1-based attempt number within the request (across providers). */
  attempt: number;
  /** Start of the attempt, ms since epoch. */
  startedAtMs: number;
  command: string; // ask | bench | health | demo | library
  strategy: string | null;
  provider: string;
  modelRequested: string;
  modelAnswered: string | null;
  status: 'ok' | 'error';
  errorClass: ErrorClass | null;
  httpStatus: number | null;
  errorMessage: string | null;
  latencyMs: number;
  ttftMs: number | null;
  /** All input, cache reads and writes included (see Usage). */
  inputTokens: number;
  /** All output, reasoning included. */
  outputTokens: number;
  /** Cache reads (a subset of input). */
  cachedInputTokens: number;
  /** Cache writes with a 5-minute and a 1-hour lifetime (subsets of input). Default 0. */
  cacheWrite5mTokens?: number;
  cacheWrite1hTokens?: number;
  /** Reasoning tokens (a subset of output). Default 0. */
  reasoningTokens?: number;
  /** The service tier the server answered with, as it named it. Default null. */
  serviceTier?: string | null;
  tokensEstimated: boolean;
  /** Unit prices used (USD per million), the tier and service variant already applied; null when unknown. */
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  cachedInputPricePerMTok: number | null;
  cacheWrite5mPricePerMTok?: number | null;
  cacheWrite1hPricePerMTok?: number | null;
  /** null when the price is unknown: never 0 for an unpriced model. */
  costUsd: number | null;
  /** What the server said it billed, USD (null when it said nothing). */
  billedCostUsd?: number | null;
  /** Where `costUsd` came from: the server's bill, llmx's prices, or nowhere. Default from costUsd: computed or unknown. */
  costSource?: CostSource;
  /** Which price list priced the row (`bundled 2026-07-24`, `import 2026-08-01`, `providers.yaml`); null when none did. */
  priceSource?: string | null;
  ci: boolean;
  tags: Record<string, string>;
  /** Bench run this attempt belongs to, if any. */
  runId: string | null;
  /** Only with log_prompts / --log-prompts. */
  promptText: string | null;
  responseText: string | null;
}

/** `billed`: the server's own figure; `computed`: tokens times llmx's prices; `unknown`: no price known. */
export const COST_SOURCES = ['billed', 'computed', 'unknown'] as const;
export type CostSource = (typeof COST_SOURCES)[number];

/** Filter for ledger reads; times are ms since epoch, `untilMs` exclusive. */
export interface LedgerFilter {
  sinceMs?: number;
  untilMs?: number;
  provider?: string;
  command?: string;
}

/** Per-provider totals read from the ledger (health, metrics). */
export interface ProviderSummary {
  provider: string;
  okRequests: number;
  errorRequests: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of known costs; unpriced rows add nothing here and are counted in `unpricedRequests`. */
  costUsd: number;
  unpricedRequests: number;
  latencyMsSum: number;
}

/**
 * The ledger half of the store. Kept free of SQLite-isms like StateStore: a PostgreSQL backend
 * implements the same methods.
 */
export interface Ledger {
  insert(record: AttemptRecord): Promise<void>;
  summarizeByProvider(filter: LedgerFilter): Promise<ProviderSummary[]>;
  /** Latencies (ms) of successful attempts, for percentiles. */
  latencySamples(filter: LedgerFilter): Promise<number[]>;
  /** Cumulative counts of successful attempts with latency <= each bound (seconds), per provider. */
  latencyHistogram(boundsS: readonly number[], filter: LedgerFilter): Promise<Array<{ provider: string; cumulativeCounts: number[]; count: number; sumS: number }>>;
}

/** Looks up the prices of a provider's model (its `source` says which list answered); null when unknown (never a guess). */
export type PriceLookup = (provider: string, model: string) => import('./config.js').ModelPrice | null;

/** What `costs --by` can group on. `model` is the model requested; `tag` is each `key=value` tag; `source` the cost source. */
export const COST_DIMENSIONS = ['provider', 'model', 'strategy', 'day', 'tag', 'source'] as const;
export type CostDimension = (typeof COST_DIMENSIONS)[number];

/** One calendar day in some time zone, as an instant range (`endMs` exclusive). */
export interface DayBucket {
  label: string;
  startMs: number;
  endMs: number;
}

export interface CostQuery {
  sinceMs: number;
  /** Exclusive. */
  untilMs: number;
  by: readonly CostDimension[];
  /** Required when `by` holds `day`: the days of the period in the report's time zone. */
  days?: readonly DayBucket[];
  provider?: string;
}

/** One group of attempts. Requests are attempts; failures are attempts with status error. */
export interface CostAggregate {
  /** The group's value per `by` dimension; null for "none" (no strategy, no tag). */
  keys: Partial<Record<CostDimension, string | null>>;
  requests: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
  reasoningTokens: number;
  /** Sum of known costs; null when every attempt in the group is unpriced. */
  costUsd: number | null;
  unpricedRequests: number;
  /** Mean latency of successful attempts; null when there were none. */
  meanLatencyMs: number | null;
  /** Start of the group's first and last attempt, ms since epoch. */
  firstStartedAtMs: number;
  lastStartedAtMs: number;
}

export interface RepriceResult {
  /** Attempts looked at (billed ones included: their cost stays the server's). */
  examined: number;
  /** Attempts whose cost or unit prices changed. */
  changed: number;
  /** Attempts left without a known price. */
  unpriced: number;
  /** Attempts left as billed. */
  billed: number;
  /** What changed, per provider, model (answered, else requested) and price source before and after. */
  changes: RepriceChange[];
}

export interface RepriceChange {
  provider: string;
  model: string;
  fromSource: string | null;
  toSource: string | null;
  attempts: number;
  /** Known costs before and after (unknown ones add nothing) and how many were unknown. */
  costBeforeUsd: number;
  costAfterUsd: number;
  unknownBefore: number;
  unknownAfter: number;
}

/** Decide-and-record of one budget alert; `key` is unique per budget, period and threshold. */
export interface AlertClaim {
  key: string;
  budget: string;
  period: string;
  provider: string | null;
  sinceMs: number;
  untilMs: number;
  limitUsd: number;
  threshold: number;
  nowMs: number;
}

/**
 * The Ledger plus what `costs`, budgets and alerts need. Still free of SQLite-isms: every method is
 * one aggregate query or one atomic decision a SQL backend can answer.
 */
export interface CostLedger extends Ledger {
  aggregateCosts(query: CostQuery): Promise<CostAggregate[]>;
  /** Sum of the costs of one request's attempts; null when any of them is unpriced or none exist. */
  requestCostUsd(requestId: string): Promise<number | null>;
  /** Recomputes unit prices and costs of stored attempts with `repricer` (billed attempts keep the server's cost). */
  reprice(repricer: AttemptRepricer, filter?: LedgerFilter): Promise<RepriceResult>;
  /**
   * Atomically: if `key` was never claimed and known spend in [sinceMs, untilMs) (of `provider`, or all)
   * is at least `threshold * limitUsd`, records the claim and returns the spend; otherwise null.
   * Concurrent callers see exactly one non-null result per key.
   */
  claimAlert(claim: AlertClaim): Promise<{ spentUsd: number } | null>;
}

/** Prices of one attempt from its provider, requested and answered model (see src/pricing/attempt-prices.ts). */
export type AttemptPriceLookup = (provider: string, requested: string, answered: string | null) => import('./config.js').ModelPrice | null;

/** What a reprice reads of a stored attempt (every dimension its cost depends on). */
export type RepriceInput = Pick<
  AttemptRecord,
  'provider' | 'modelRequested' | 'modelAnswered' | 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'tokensEstimated'
> &
  Required<Pick<AttemptRecord, 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'reasoningTokens' | 'serviceTier' | 'billedCostUsd'>>;

/** The columns a reprice writes. */
export type RepricedFields = Required<
  Pick<
    AttemptRecord,
    | 'inputPricePerMTok'
    | 'outputPricePerMTok'
    | 'cachedInputPricePerMTok'
    | 'cacheWrite5mPricePerMTok'
    | 'cacheWrite1hPricePerMTok'
    | 'costUsd'
    | 'costSource'
    | 'priceSource'
  >
>;

/** The cost rule applied to a stored attempt (src/pricing's `attemptRepricer`); the store only reads and writes. */
export type AttemptRepricer = (attempt: RepriceInput) => RepricedFields;
