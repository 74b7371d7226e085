import type { BenchPrompt, BenchTarget, RequestSample } from './types.js';

/** What the runner hands an executor for one request. */
export interface ExecuteContext {
  target: BenchTarget;
  prompt: BenchPrompt;
  /** 0-based among this target's requests, warm-up included. */
  index: number;
  warmup: boolean;
  stream: boolean;
  maxTokens?: number;
  /** Aborts on Ctrl-C: the executor then answers `{ aborted: true }`, not a failure. */
  signal: AbortSignal;
  requestId: string;
}

/** A finished request's measurements; the runner adds target, index, warm-up flag and t_sched. */
export type ExecuteOutcome = Omit<RequestSample, 'targetId' | 'index' | 'warmup' | 'schedMs'>;

/**
 * Sends one request and takes its own monotonic timestamps around it (t_send before the call, t_first
 * and t_last at text-carrying chunks, t_end when done). Never throws for a provider failure.
 */
export type ExecuteRequest = (context: ExecuteContext) => Promise<ExecuteOutcome | { aborted: true }>;
