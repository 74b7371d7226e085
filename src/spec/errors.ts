import type { OptionalWireFeature, Usage } from './chat.js';

/**
 * Every error llmx reports on purpose is an LlmxError: cli.ts turns it into one line and its exit code.
 * Anything else is an internal error (exit 1) and shows a stack only with -v or LLMX_DEBUG=1.
 */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  provider: 4,
  budget: 5,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class LlmxError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Extra lines printed after the message (e.g. one per failed attempt). */
  readonly details: string[];
  constructor(message: string, exitCode: ExitCodeValue, options: { cause?: unknown; details?: string[] } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.details = options.details ?? [];
  }
}

/** A bad flag or argument value (exit 2). */
export class UsageError extends LlmxError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** A malformed or inconsistent configuration (exit 3). `where` is `file:line:col` when known. */
export class ConfigError extends LlmxError {
  readonly where?: string;
  constructor(message: string, where?: string, options: { cause?: unknown; details?: string[] } = {}) {
    super(where ? `${where}: ${message}` : message, ExitCode.config, options);
    this.where = where;
  }
}

/**
 * No providers.yaml anywhere and no provider variables (exit 3): what every command that needs a
 * provider says, in the same words (`ask`, `health`, `config validate`, `models`).
 */
export class NothingConfiguredError extends ConfigError {
  constructor() {
    super(
      'nothing is configured: no providers.yaml (--config, $LLMX_CONFIG, ./providers.yaml, ~/.config/llmx/providers.yaml) and no provider variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_BASE_URL, ...); `llmx demo` shows llmx working offline',
    );
  }
}

/** A budget refused the spend (exit 5). `details`: one line per budget involved. */
export class BudgetExceededError extends LlmxError {
  constructor(message: string, details: string[] = []) {
    super(message, ExitCode.budget, { details });
  }
}

/** Ctrl-C (exit 130). */
export class InterruptedError extends LlmxError {
  constructor(message = 'interrupted') {
    super(message, ExitCode.interrupted);
  }
}

/** A state or ledger file llmx refuses to touch (not llmx's, corrupt, or from a newer llmx): exit 3. */
export class StoreError extends LlmxError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, ExitCode.config, options);
  }
}

/**
 * How a failed provider call is classified, once, at the adapter boundary.
 * The router reads only `disposition`, `status` and `retryAfterMs`.
 */
export type ErrorClass =
  | 'rate_limit' // 429 that clears with time
  | 'quota' // out of credit or over a billing limit (429 insufficient_quota, 402, Anthropic's credit 400): will not clear by retrying
  | 'content_filter' // the provider's content filter refused the prompt (Azure 400 content_filter): another provider may answer
  | 'server' // 5xx
  | 'overloaded' // Anthropic 529, 503 overloaded
  | 'timeout' // 408 or our own per-attempt timeout
  | 'conflict' // 409
  | 'network' // connection refused/reset, dropped stream
  | 'auth' // 401
  | 'permission' // 403
  | 'not_found' // 404 (model not found)
  | 'bad_request' // 400/413/422: the caller's request is at fault
  | 'aborted' // the user aborted (Ctrl-C)
  | 'unavailable' // provider not usable locally (missing key, open circuit, rate limited)
  | 'other';

/**
 * retry: try the same provider again (after backoff);
 * failover: give up on this provider, try the next one;
 * fatal: stop; the next provider would refuse the same request.
 */
export type ErrorDisposition = 'retry' | 'failover' | 'fatal';

export function dispositionOf(errorClass: ErrorClass): ErrorDisposition {
  switch (errorClass) {
    case 'rate_limit':
    case 'server':
    case 'overloaded':
    case 'timeout':
    case 'conflict':
    case 'network':
      return 'retry';
    case 'quota':
    case 'content_filter':
    case 'auth':
    case 'permission':
    case 'not_found':
    case 'unavailable':
    case 'other':
      return 'failover';
    case 'bad_request':
    case 'aborted':
      return 'fatal';
  }
}

export interface ProviderCallErrorInit {
  provider: string;
  model: string;
  errorClass: ErrorClass;
  message: string;
  status?: number;
  /** Server-requested delay before retrying, from retry-after-ms / retry-after. */
  retryAfterMs?: number;
  /** The server refused this optional part of the request: the same request without it may be answered. */
  refusedFeature?: OptionalWireFeature;
  cause?: unknown;
}

/**
 * One failed call to one provider. Built by adapters from the SDK's own error classes, and never
 * changed after: what a broken stream had already delivered travels in the attempt's result
 * (the attempt-end event's `partialText`), not on its error.
 */
export class ProviderCallError extends LlmxError {
  readonly provider: string;
  readonly model: string;
  readonly errorClass: ErrorClass;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly refusedFeature?: OptionalWireFeature;
  constructor(init: ProviderCallErrorInit) {
    super(init.message, ExitCode.provider, { cause: init.cause });
    this.provider = init.provider;
    this.model = init.model;
    this.errorClass = init.errorClass;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    if (init.refusedFeature !== undefined) this.refusedFeature = init.refusedFeature;
  }
  get disposition(): ErrorDisposition {
    return dispositionOf(this.errorClass);
  }
  get retryable(): boolean {
    return this.disposition === 'retry';
  }
}

/** Every attempt failed (exit 4); `details` holds one line per attempt. */
export class AllAttemptsFailedError extends LlmxError {
  readonly attempts: readonly AttemptSummary[];
  /** The request's id (its ledger rows), when it got as far as having one. */
  readonly requestId?: string;
  constructor(message: string, attempts: readonly AttemptSummary[], details: string[], requestId?: string) {
    super(message, ExitCode.provider, { details });
    this.attempts = attempts;
    if (requestId !== undefined) this.requestId = requestId;
  }
}

/**
 * A request that one attempt's failure stopped: a caller error the next provider would refuse too,
 * or a stream broken after its text reached the reader. It is that failure (same class, status and
 * message, so it reads and is handled as one), plus the request's attempts and, for a broken stream,
 * what its partial answer used. The text itself stays with whoever received the deltas (and the
 * attempt-end event), not on an error.
 */
export class RequestStoppedError extends ProviderCallError {
  readonly requestId: string;
  readonly attempts: readonly AttemptSummary[];
  /** What a broken stream's partial answer used: the server's input count if it sent one, else estimated; its output estimated. */
  readonly partialUsage?: Usage;
  constructor(error: ProviderCallError, stopped: { requestId: string; attempts: readonly AttemptSummary[]; partialUsage?: Usage }) {
    super({ provider: error.provider, model: error.model, errorClass: error.errorClass, message: error.message, status: error.status, retryAfterMs: error.retryAfterMs, refusedFeature: error.refusedFeature, cause: error.cause });
    this.requestId = stopped.requestId;
    this.attempts = stopped.attempts;
    if (stopped.partialUsage !== undefined) this.partialUsage = stopped.partialUsage;
  }
}

export interface AttemptSummary {
  provider: string;
  model: string;
  status: 'ok' | 'error' | 'skipped';
  /** HTTP status, when there was a response. */
  httpStatus?: number;
  errorClass?: ErrorClass;
  error?: string;
  latencyMs: number;
}
