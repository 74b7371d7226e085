import type { Random } from './prng.js';
import type { RateSnapshot } from './rate-window.js';
import type { SimProviderSpec, SimScriptStep, SimScriptWord } from './types.js';
import { SIM_ERROR_STATUSES } from './types.js';

/** What the simulator does with one request once it has passed authentication and validation. */
export type Outcome =
  | { kind: SimScriptWord }
  | { kind: 'error'; status: number; cause: 'scripted' | 'random' | 'rate_limit'; retryAfterMs?: number };

/** The byOutcome key of an outcome: its script word or the HTTP status. */
export function outcomeKey(outcome: Outcome): string {
  return outcome.kind === 'error' ? String(outcome.status) : outcome.kind;
}

export function scriptedOutcome(step: SimScriptStep): Outcome {
  if (typeof step === 'string') return { kind: step };
  return { kind: 'error', status: step, cause: 'scripted' };
}

/**
 * One uniform draw walks the cumulative probabilities of errors, then hang, then drop, so a spec with
 * `errorRates: {500: 0.2}, hangRate: 0.1` gives exactly those shares and one draw per request keeps
 * seeded runs reproducible whatever the rates are.
 */
export function randomOutcome(spec: SimProviderSpec, random: Random): Outcome {
  const draw = random();
  let cumulative = 0;
  for (const status of SIM_ERROR_STATUSES) {
    cumulative += spec.errorRates?.[status] ?? 0;
    if (draw < cumulative) return { kind: 'error', status: Number(status), cause: 'random' };
  }
  cumulative += spec.hangRate ?? 0;
  if (draw < cumulative) return { kind: 'hang' };
  cumulative += spec.dropRate ?? 0;
  if (draw < cumulative) return { kind: 'drop' };
  return { kind: 'ok' };
}

/**
 * The order: the requests-per-minute window first (a real service rejects before doing anything),
 * then the script, then the random rates. `takeScriptStep` consumes the script.
 */
export function decideOutcome(
  spec: SimProviderSpec,
  random: Random,
  rate: RateSnapshot | null,
  takeScriptStep: () => SimScriptStep | undefined,
): Outcome {
  if (rate && !rate.admitted) return { kind: 'error', status: 429, cause: 'rate_limit', retryAfterMs: rate.nextSlotMs };
  const step = takeScriptStep();
  if (step !== undefined) return scriptedOutcome(step);
  return randomOutcome(spec, random);
}

/** The delay a 429/503/529 advertises: the window's own for rate limits, else the spec's (429 defaults to 1 s). */
export function retryAfterMsFor(outcome: Outcome, spec: SimProviderSpec): number | undefined {
  if (outcome.kind !== 'error') return undefined;
  if (outcome.retryAfterMs !== undefined) return outcome.retryAfterMs;
  if (outcome.status === 429) return spec.retryAfterMs ?? 1000;
  if (outcome.status === 503 || outcome.status === 529) return spec.retryAfterMs;
  return undefined;
}
