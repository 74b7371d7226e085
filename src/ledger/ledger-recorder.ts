import type { UnitPrices } from '../spec/config.js';
import type { RouterEvent, RouterEventListener } from '../spec/events.js';
import type { AttemptRecord, Ledger, PriceLookup } from '../spec/ledger.js';
import { attemptCostFields } from '../pricing/attempt-cost-fields.js';
import { attemptPrices } from '../pricing/attempt-prices.js';
import { redactSecrets } from '../shared/redact-secrets.js';

export interface LedgerRecorderOptions {
  ledger: Ledger;
  priceOf: PriceLookup;
  /** ask | bench | health | demo | library */
  command: string;
  /** Strategy name for the rows; null = take it from the router's `decision` event, if any. */
  strategy: string | null;
  /** Free-form `--tag key=value` pairs stored with every row. Default: none. */
  tags?: Record<string, string>;
  /** Whether this ran in CI (`CI` set). */
  ci: boolean;
  /** Store the prompt and answer text (log_prompts / --log-prompts). Default false: never stored. */
  logPrompts: boolean;
  /** The prompt text, stored only when logPrompts. */
  prompt?: string;
  /** Bench run id for the rows. Default null. */
  runId?: string | null;
  /** Receives "unknown price" warnings (one per provider/model per process). */
  onWarning?: (message: string) => void;
}

export interface LedgerRecorder {
  listener: RouterEventListener;
  /** Resolves when every row seen so far is written; rejects with the first write error. */
  flush(): Promise<void>;
}

/** provider/model pairs already warned about: one warning per unknown model per process. */
const warnedUnpriced = new Set<string>();

/**
 * Writes one ledger row per attempt from the router's `attempt-end` events, priced at write time.
 * Prices the model the server answered with when it has a price (that is what was billed; e.g. a dated
 * snapshot), else the model requested (a snapshot id the table does not list, or an Azure deployment
 * priced through price_as). Unknown on both: cost null and one warning, never 0 and never a near match.
 * Never sees API keys: the router's events carry none.
 */
export function createLedgerRecorder(options: LedgerRecorderOptions): LedgerRecorder {
  const pending = new Set<Promise<void>>();
  const strategyOf = new Map<string, string>();
  let firstError: unknown;

  const listener: RouterEventListener = (event: RouterEvent) => {
    if (event.type === 'decision') {
      // A call to one provider (--provider) has no strategy: store null, not the provider's name.
      const name = event.strategyName === undefined ? event.decision.strategy : event.strategyName;
      if (name !== null) strategyOf.set(event.requestId, name);
      return;
    }
    if (event.type !== 'attempt-end') return;
    let record: AttemptRecord;
    try {
      record = attemptRecord(event, options, options.strategy ?? strategyOf.get(event.requestId) ?? null);
    } catch (error) {
      firstError ??= error;
      return;
    }
    const write = options.ledger.insert(record).catch((error: unknown) => {
      firstError ??= error;
    });
    pending.add(write);
    void write.finally(() => pending.delete(write));
  };

  return {
    listener,
    async flush() {
      await Promise.all([...pending]);
      if (firstError !== undefined) {
        const error = firstError;
        firstError = undefined;
        throw error;
      }
    },
  };
}

function attemptRecord(event: Extract<RouterEvent, { type: 'attempt-end' }>, options: LedgerRecorderOptions, strategy: string | null): AttemptRecord {
  const { result, error } = event;
  const provider = event.target.provider;
  const modelRequested = event.target.model;
  const modelAnswered = result?.model ?? null;
  const prices = priceFor(options, provider, modelRequested, modelAnswered);
  // A stream broken after text was billed for what it delivered: its partial usage, priced as any answer.
  const usage = result?.usage ?? event.partialUsage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, estimated: false };
  if (usage.clamped !== undefined) warnClamped(options, provider, modelAnswered ?? modelRequested, usage.clamped);
  const responseText = result?.text ?? event.partialText ?? null;
  return {
    requestId: event.requestId,
    attempt: event.attempt,
    startedAtMs: Math.round(event.startedAtMs),
    command: options.command,
    strategy,
    provider,
    modelRequested,
    modelAnswered,
    status: result && !error ? 'ok' : 'error',
    errorClass: error?.errorClass ?? null,
    httpStatus: error?.status ?? null,
    errorMessage: error === undefined ? null : redactSecrets(error.message),
    latencyMs: event.latencyMs,
    ttftMs: event.ttftMs,
    ...attemptCostFields(usage, prices),
    ci: options.ci,
    tags: { ...(options.tags ?? {}) },
    runId: options.runId ?? null,
    promptText: options.logPrompts ? (options.prompt ?? null) : null,
    responseText: options.logPrompts ? responseText : null,
  };
}

function priceFor(options: LedgerRecorderOptions, provider: string, requested: string, answered: string | null): UnitPrices | null {
  const prices = attemptPrices(options.priceOf, provider, requested, answered);
  if (prices === null) {
    const key = `${provider}\u0000${requested}\u0000${answered ?? ''}`;
    if (!warnedUnpriced.has(key)) {
      warnedUnpriced.add(key);
      const model = answered === null || answered === requested ? requested : `${requested} (answered as ${answered})`;
      options.onWarning?.(
        `no price known for ${provider}/${model}: its cost is recorded as unknown; add it under pricing: in providers.yaml, then run llmx costs --reprice`,
      );
    }
  }
  return prices;
}

/** One warning per provider per process: a server that sends nonsense usually always does. */
function warnClamped(options: LedgerRecorderOptions, provider: string, model: string, what: string): void {
  const key = `clamped\u0000${provider}`;
  if (warnedUnpriced.has(key)) return;
  warnedUnpriced.add(key);
  options.onWarning?.(`${provider}/${model} reported implausible usage, recorded clamped: ${what}`);
}

/** For tests: forget which unknown models (and implausible usages) were already warned about. */
export function resetUnpricedWarnings(): void {
  warnedUnpriced.clear();
}
