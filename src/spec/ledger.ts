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
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  tokensEstimated: boolean;
  /** Unit prices used (USD per million); null when unknown. */
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  cachedInputPricePerMTok: number | null;
  /** null when the price is unknown: never 0 for an unpriced model. */
  costUsd: number | null;
  ci: boolean;
  tags: Record<string, string>;
  /** Bench run this attempt belongs to, if any. */
  runId: string | null;
  /** Only with log_prompts / --log-prompts. */
  promptText: string | null;
  responseText: string | null;
}

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

/** Looks up unit prices for a provider's model; null when unknown (never a guess). */
export type PriceLookup = (provider: string, model: string) => import('./config.js').UnitPrices | null;
