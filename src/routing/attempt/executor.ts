import { randomUUID } from 'node:crypto';
import { LEASE_MARGIN_MS } from '../../resilience/leases.js';
import { abortableSleep, retryVerdict, type RetryPolicy } from '../../resilience/retry.js';
import type { ProviderAdapter } from '../../spec/adapter.js';
import type { AttemptOutcome, AttemptRefusal, AttemptStep } from '../../spec/attempt.js';
import { DEFAULT_MAX_TOKENS, type ChatRequest, type ChatResult, type OptionalWireFeature, type Usage } from '../../spec/chat.js';
import type { ProviderConfig } from '../../spec/config.js';
import type { AttemptSummary, ProviderCallError } from '../../spec/errors.js';
import type { RouterEvent, Target } from '../../spec/events.js';
import type { StateStore } from '../../spec/state.js';
import { failed, skipped } from '../attempt-lines.js';
import { callProvider } from './call-provider.js';
import { timerDeadlines, type DeadlineSource } from './deadlines.js';
import { FEATURE_WIRE_NAMES, WireMemory } from './wire-memory.js';

export interface AttemptExecutorOptions {
  /** The adapter for a provider (cached by the caller: it is asked once per attempt). */
  adapterFor: (provider: ProviderConfig) => ProviderAdapter | Promise<ProviderAdapter>;
  /**
   * Admission and settlement steps, in admission order (see AttemptStep). Default none: every
   * attempt is admitted and nothing is settled, so no state transaction runs (bench).
   */
  steps?: readonly AttemptStep[];
  /** Where the steps' state lives; needed when there are steps. */
  state?: StateStore;
  /** Receives every attempt-start, attempt-end, skip and retry event. */
  emit: (event: RouterEvent) => void;
  /** Wall clock, ms since epoch: shared state and each attempt's startedAtMs. Default Date.now. */
  now?: () => number;
  /** The clock a failed attempt's latency and TTFT are measured on, ms. Default: `now`. */
  elapsed?: () => number;
  /** Waits ms; rejects or resolves early on abort (either is fine). Default: a real timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1): backoff jitter. Default Math.random. */
  random?: () => number;
  /** First retry's nominal delay in ms (then times backoff_factor per retry). Default 500. */
  retryBaseDelayMs?: number;
  /** Longest retry-after honoured, ms; a longer one gives up on the target at once. Default 20000. */
  maxRetryAfterMs?: number;
  /** Per-attempt deadlines. Default: a timer per attempt. */
  deadlines?: DeadlineSource;
}

/** A chat request whose model the executor fills in per target. */
export type JobRequest = Omit<ChatRequest, 'model'> & { model?: string };

/** One request's attempts, across every target it is tried on (attempt numbers run on across failovers). */
export interface AttemptJob {
  requestId: string;
  request: JobRequest;
  stream: boolean;
  /** Each text delta of a stream, as it arrives. */
  onDelta?(text: string): void;
  /** Called as each attempt starts, before its call (bench restarts its chunk timing there). */
  onAttemptStart?(attempt: number): void;
  /** Ctrl-C: aborts the call in flight and everything after. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; default the provider's timeoutMs. */
  timeoutMs?: number;
  /** Attempts per target; default the provider's retry.max_attempts. */
  maxAttempts?: number;
  /** Estimated input tokens (for reservations). */
  inputTokens: number;
  /** Steps settled with this request's attempts only, after the executor's own (a strategy's settle hook). */
  settleSteps?: readonly AttemptStep[];
  /**
   * Whether a failed stream that already delivered text may be retried. Default false: the text
   * reached a reader and another answer cannot be spliced onto it. Bench, whose reader is a timer
   * restarted per attempt, says true.
   */
  retryAfterText?: boolean;
  /**
   * Fail over first (a strategy's `on_error: failover_first`): asked before each retry's wait with
   * the wait the retry would take; a reason means "try another target now and this retry later"
   * (the target's verdict is then `failover` with `retryLater`). Absent: always retry first.
   */
  failoverFirst?(target: Target, retryDelayMs: number): Promise<string | null>;
  /** When a target whose retry was put off by failoverFirst may be tried again, ms since epoch, by provider. */
  retryNotBeforeMs?: Map<string, number>;
  /** Every attempt made or skipped so far, in order; the executor appends. */
  attempts: AttemptSummary[];
  /** The last attempt's number (0 before the first); the executor increments it. */
  attemptNumber: number;
  /** Attempts made per provider so far; the executor increments them. */
  attemptsOnProvider: Map<string, number>;
}

/** A fresh job's bookkeeping. */
export function newJobCounters(): Pick<AttemptJob, 'attempts' | 'attemptNumber' | 'attemptsOnProvider'> {
  return { attempts: [], attemptNumber: 0, attemptsOnProvider: new Map() };
}

/** How one target ended for a job. */
export type TargetVerdict =
  /** It answered. */
  | { kind: 'answered'; result: ChatResult }
  /** A step refused it before any call (nothing was sent). */
  | { kind: 'refused'; refusal: AttemptRefusal }
  /**
   * It failed in a way another target might not: try the next. `retryLater`: it has retries left,
   * put off because another target should answer sooner (why: `reason`); run it again afterwards.
   */
  | { kind: 'failover'; error: ProviderCallError; retryLater?: { reason: string } }
  /** Stop the request: the next target would fail the same way, or text already reached the reader. */
  | { kind: 'stop'; error: ProviderCallError; partialText?: string; partialUsage?: Usage }
  /** The caller aborted (during a call or a backoff wait). */
  | { kind: 'interrupted' };

const INTERRUPTED: TargetVerdict = { kind: 'interrupted' };

/** The union of the steps' keys for a provider, computed once per provider. */
class KeyCache {
  private readonly byProvider = new Map<string, readonly string[]>();
  constructor(private readonly steps: readonly AttemptStep[]) {}
  get(provider: string): readonly string[] {
    let keys = this.byProvider.get(provider);
    if (!keys) {
      keys = [...new Set(this.steps.flatMap((step) => step.keys(provider)))];
      this.byProvider.set(provider, keys);
    }
    return keys;
  }
}

/**
 * One attempt path for every caller (the Router and bench): admit → call → classify once →
 * settle → verdict, retrying on the same target as `resilience/retry.ts` decides. Retries have
 * this one owner. Admission and settlement are the steps' (none, some or all of the breaker, rate
 * limits, leases, latency statistics), each one StateStore update per attempt when there are any.
 */
export class AttemptExecutor {
  private readonly adapterFor: AttemptExecutorOptions['adapterFor'];
  private readonly admitting: readonly AttemptStep[];
  private readonly settling: readonly AttemptStep[];
  private readonly admissionKeys: KeyCache;
  private readonly settlementKeys: KeyCache;
  private readonly state?: StateStore;
  private readonly emit: (event: RouterEvent) => void;
  private readonly now: () => number;
  private readonly elapsed: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly deadlines: DeadlineSource;
  private readonly wire: WireMemory;

  constructor(options: AttemptExecutorOptions) {
    const steps = options.steps ?? [];
    if (steps.length > 0 && !options.state) throw new TypeError('AttemptExecutor: steps need a state store');
    this.adapterFor = options.adapterFor;
    this.admitting = steps.filter((step) => step.admit);
    this.settling = steps.filter((step) => step.settle);
    this.admissionKeys = new KeyCache(this.admitting);
    this.settlementKeys = new KeyCache(this.settling);
    this.state = options.state;
    this.emit = options.emit;
    this.now = options.now ?? Date.now;
    this.elapsed = options.elapsed ?? this.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
    this.deadlines = options.deadlines ?? timerDeadlines;
    this.wire = new WireMemory(options.state, this.now);
  }

  /** Attempts (and retries) one target until it answers, is refused, gives up, or the request must stop. */
  async run(job: AttemptJob, provider: ProviderConfig, target: Target): Promise<TargetVerdict> {
    const policy: RetryPolicy = {
      maxAttempts: Math.max(1, job.maxAttempts ?? provider.retry.maxAttempts),
      backoffFactor: provider.retry.backoffFactor,
      baseDelayMs: this.retryBaseDelayMs,
      maxRetryAfterMs: this.maxRetryAfterMs,
    };
    const timeoutMs = job.timeoutMs ?? provider.timeoutMs;
    const request: ChatRequest = job.request.model === target.model ? (job.request as ChatRequest) : { ...job.request, model: target.model };
    const settleSteps = job.settleSteps && job.settleSteps.length > 0 ? job.settleSteps : undefined;
    const stateful = this.admitting.length > 0 || this.settling.length > 0 || settleSteps !== undefined;
    const adapter = () => this.adapterFor(provider);
    const putOffUntilMs = job.retryNotBeforeMs?.get(provider.name);
    if (putOffUntilMs !== undefined) {
      // A retry put off by failing over first: it still waits out its backoff or the server's Retry-After.
      job.retryNotBeforeMs!.delete(provider.name);
      const waitMs = Math.max(0, putOffUntilMs - this.now());
      const nextAttempt = job.attemptNumber + 1;
      this.emit({ type: 'retry', requestId: job.requestId, target, delayMs: waitMs, nextAttempt, reason: 'the retry put off while another target was tried' });
      if (waitMs > 0 && (await this.wait(waitMs, job.signal)) === 'interrupted') return INTERRUPTED;
    }
    // What this provider's server is known to refuse (only streams carry such a feature today).
    let without: readonly OptionalWireFeature[] = job.stream ? await this.wire.leaveOut(provider) : [];
    for (;;) {
      if (job.signal?.aborted) return INTERRUPTED;
      // Only state needs an id: a lease, a reservation. Bench's hot path skips the UUID.
      const attemptId = stateful ? randomUUID() : '';
      if (this.admitting.length > 0) {
        const refusal = await this.admit(job, provider, target, attemptId, timeoutMs + LEASE_MARGIN_MS);
        if (refusal) {
          this.emit({ type: 'skip', requestId: job.requestId, target, reason: refusal.reason });
          job.attempts.push(skipped(target, refusal.reason));
          return { kind: 'refused', refusal };
        }
      }
      const attemptOnProvider = (job.attemptsOnProvider.get(provider.name) ?? 0) + 1;
      job.attemptsOnProvider.set(provider.name, attemptOnProvider);
      const attempt = ++job.attemptNumber;
      const startedAtMs = this.now();
      const startedMs = this.elapsed === this.now ? startedAtMs : this.elapsed();
      const start: RouterEvent = { type: 'attempt-start', requestId: job.requestId, attempt, target, startedAtMs, stream: job.stream };
      if (without.length > 0) start.without = without;
      this.emit(start);
      job.onAttemptStart?.(attempt);

      const call = await callProvider({
        adapter,
        request,
        target,
        stream: job.stream,
        onDelta: job.onDelta,
        without,
        userSignal: job.signal,
        timeoutMs,
        deadlines: this.deadlines,
        elapsed: this.elapsed,
        startedMs,
      });
      // An answer's timing is the adapter's own (it excludes building the adapter and counting tokens
      // locally); a failure has only ours.
      const latencyMs = call.ok ? call.result.latencyMs : this.elapsed() - startedMs;
      if (stateful) {
        const outcome: AttemptOutcome = call.ok
          ? { ok: true, inputTokens: call.result.usage.inputTokens, outputTokens: call.result.usage.outputTokens, latencyMs, ttftMs: call.result.ttftMs }
          : { ok: false, error: call.error, latencyMs, ...(call.partialUsage ? { usage: call.partialUsage } : {}) };
        await this.settle(job, provider, target, attemptId, outcome, settleSteps);
      }

      if (call.ok) {
        this.emit({ type: 'attempt-end', requestId: job.requestId, attempt, target, startedAtMs, latencyMs, ttftMs: call.result.ttftMs, result: call.result });
        job.attempts.push({ provider: target.provider, model: target.model, status: 'ok', latencyMs });
        return { kind: 'answered', result: call.result };
      }
      const { error } = call;
      const end: RouterEvent = { type: 'attempt-end', requestId: job.requestId, attempt, target, startedAtMs, latencyMs, ttftMs: call.ttftMs, error };
      if (call.partialText !== undefined) end.partialText = call.partialText;
      if (call.partialUsage !== undefined) end.partialUsage = call.partialUsage;
      this.emit(end);
      job.attempts.push(failed(target, error, latencyMs));
      if (call.interrupted) return INTERRUPTED;
      if (call.partialText !== undefined && !job.retryAfterText) return { kind: 'stop', error, partialText: call.partialText, partialUsage: call.partialUsage };
      const refused = error.refusedFeature;
      if (refused !== undefined && !without.includes(refused)) {
        without = [...without, refused];
        await this.wire.remember(provider, refused);
        // Asking the server what it understands is not one of its failures: the retry budget stays whole.
        job.attemptsOnProvider.set(provider.name, attemptOnProvider - 1);
        const reason = `the server refused ${FEATURE_WIRE_NAMES[refused]}: asking again at once without it (remembered for ${provider.name} for a day; stream_usage: false stops sending it)`;
        this.emit({ type: 'retry', requestId: job.requestId, target, delayMs: 0, nextAttempt: attempt + 1, reason });
        continue;
      }
      const verdict = retryVerdict(error, attemptOnProvider, policy, this.random);
      if (verdict.action === 'fatal') return { kind: 'stop', error };
      if (verdict.action === 'failover') return { kind: 'failover', error };
      const failoverReason = job.failoverFirst ? await job.failoverFirst(target, verdict.delayMs) : null;
      if (failoverReason !== null) {
        (job.retryNotBeforeMs ??= new Map()).set(provider.name, this.now() + verdict.delayMs);
        return { kind: 'failover', error, retryLater: { reason: failoverReason } };
      }
      this.emit({ type: 'retry', requestId: job.requestId, target, delayMs: verdict.delayMs, nextAttempt: attempt + 1, reason: verdict.reason });
      if ((await this.wait(verdict.delayMs, job.signal)) === 'interrupted') return INTERRUPTED;
    }
  }

  /** A backoff wait; 'interrupted' when the caller aborted it. */
  private async wait(ms: number, signal: AbortSignal | undefined): Promise<'waited' | 'interrupted'> {
    try {
      await this.sleep(ms, signal);
    } catch (caught) {
      if (signal?.aborted) return 'interrupted';
      throw caught;
    }
    return signal?.aborted ? 'interrupted' : 'waited';
  }

  /** Every admitting step in one atomic update: the first refusal wins and nothing is written. */
  private admit(job: AttemptJob, provider: ProviderConfig, target: Target, attemptId: string, leaseTtlMs: number): Promise<AttemptRefusal | null> {
    const input = {
      provider,
      target,
      nowMs: this.now(),
      attemptId,
      holder: job.requestId,
      estimatedTokens: job.inputTokens + (job.request.maxTokens ?? DEFAULT_MAX_TOKENS),
      leaseTtlMs,
    };
    return this.state!.update(this.admissionKeys.get(provider.name), (current) => {
      const set: Record<string, unknown> = {};
      for (const step of this.admitting) {
        const refusal = step.admit!(current, input, set);
        if (refusal) return { result: refusal };
      }
      return { set, result: null };
    });
  }

  /** Every settling step (the executor's, then the job's) in one atomic update. */
  private async settle(job: AttemptJob, provider: ProviderConfig, target: Target, attemptId: string, outcome: AttemptOutcome, extra: readonly AttemptStep[] | undefined): Promise<void> {
    const own = this.settlementKeys.get(provider.name);
    const keys = extra ? [...new Set([...own, ...extra.flatMap((step) => step.keys(provider.name))])] : own;
    if (keys.length === 0) return;
    const input = { provider, target, nowMs: this.now(), attemptId, holder: job.requestId, estimatedInputTokens: job.inputTokens, outcome };
    await this.state!.update(keys, (current) => {
      const set: Record<string, unknown> = {};
      for (const step of this.settling) step.settle!(current, input, set);
      if (extra) for (const step of extra) step.settle?.(current, input, set);
      return { set, result: undefined };
    });
  }
}
