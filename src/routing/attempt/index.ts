// The one attempt path (admit → call → classify → settle → verdict): the Router and bench both run on it.
export { AttemptExecutor, newJobCounters, type AttemptExecutorOptions, type AttemptJob, type JobRequest, type TargetVerdict } from './executor.js';
export { circuitStep, latencyStep, leaseStep, rateLimitStep, ROUTER_STEPS } from './state-steps.js';
export { SweptDeadlines, timerDeadlines, type AttemptDeadline, type DeadlineSource } from './deadlines.js';
export type { CallFailure, CallOutcome } from './call-provider.js';
export type { AttemptStep, AttemptRefusal, AttemptOutcome, AdmissionInput, SettlementInput } from '../../spec/attempt.js';
