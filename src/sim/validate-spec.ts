import { ConfigError } from '../spec/errors.js';
import type { SimConfig, SimProviderSpec } from './types.js';
import { isSimScriptWord, SIM_ERROR_STATUSES, SIM_PROTOCOLS, SIM_SCRIPT_WORD_PROTOCOLS, SIM_SCRIPT_WORDS, SIM_WIRE_VARIANT_PROTOCOLS } from './types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function check(condition: boolean, message: string): void {
  if (!condition) throw new ConfigError(message);
}

function nonNegative(value: number | undefined, what: string): void {
  check(value === undefined || (Number.isFinite(value) && value >= 0), `${what}: expected a number >= 0, got ${String(value)}`);
}

function probability(value: number | undefined, what: string): void {
  check(value === undefined || (Number.isFinite(value) && value >= 0 && value <= 1), `${what}: expected a probability between 0 and 1, got ${String(value)}`);
}

/** Checks a programmatic spec (the YAML loader reports file:line itself before this runs). */
export function validateProviderSpec(spec: SimProviderSpec, where = `simulated provider "${spec.name}"`): void {
  check(typeof spec.name === 'string' && NAME.test(spec.name), `${where}: name must be letters, digits, ".", "_" or "-" (it becomes a URL path), got ${JSON.stringify(spec.name)}`);
  check(SIM_PROTOCOLS.includes(spec.protocol), `${where}: protocol must be one of ${SIM_PROTOCOLS.join(', ')}, got ${JSON.stringify(spec.protocol)}`);
  nonNegative(spec.ttftMs, `${where}: ttftMs`);
  nonNegative(spec.msPerToken, `${where}: msPerToken`);
  nonNegative(spec.outputTokens, `${where}: outputTokens`);
  nonNegative(spec.retryAfterMs, `${where}: retryAfterMs`);
  for (const key of ['cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'reasoningTokens'] as const) {
    check(spec[key] === undefined || (Number.isInteger(spec[key]) && (spec[key] as number) >= 0), `${where}: ${key}: expected an integer >= 0, got ${String(spec[key])}`);
  }
  check(spec.inputTokens === undefined || Number.isInteger(spec.inputTokens), `${where}: inputTokens: expected an integer, got ${String(spec.inputTokens)}`);
  for (const key of ['usageCost', 'responseCostHeader'] as const) {
    check(spec[key] === undefined || Number.isFinite(spec[key]), `${where}: ${key}: expected a number of USD, got ${String(spec[key])}`);
  }
  check(spec.serviceTier === undefined || (typeof spec.serviceTier === 'string' && spec.serviceTier !== ''), `${where}: serviceTier: expected a non-empty string`);
  check(spec.requestsPerMinute === undefined || (Number.isInteger(spec.requestsPerMinute) && spec.requestsPerMinute > 0), `${where}: requestsPerMinute: expected a positive integer, got ${String(spec.requestsPerMinute)}`);
  check(spec.replyText === undefined || (typeof spec.replyText === 'string' && spec.replyText !== ''), `${where}: replyText: expected a non-empty string`);
  probability(spec.hangRate, `${where}: hangRate`);
  probability(spec.dropRate, `${where}: dropRate`);
  let total = (spec.hangRate ?? 0) + (spec.dropRate ?? 0);
  for (const [status, rate] of Object.entries(spec.errorRates ?? {})) {
    check((SIM_ERROR_STATUSES as readonly string[]).includes(status), `${where}: errorRates: status must be one of ${SIM_ERROR_STATUSES.join(', ')}, got ${status}`);
    probability(rate, `${where}: errorRates.${status}`);
    total += rate ?? 0;
  }
  check(total <= 1 + 1e-9, `${where}: error, hang and drop rates add up to ${total}, more than 1`);
  for (const [variant, value] of Object.entries(spec.wire ?? {}) as Array<[keyof typeof SIM_WIRE_VARIANT_PROTOCOLS, unknown]>) {
    const protocols = SIM_WIRE_VARIANT_PROTOCOLS[variant];
    check(protocols !== undefined, `${where}: wire.${variant}: unknown variant (expected one of ${Object.keys(SIM_WIRE_VARIANT_PROTOCOLS).join(', ')})`);
    check(typeof value === 'boolean', `${where}: wire.${variant}: expected true or false, got ${JSON.stringify(value)}`);
    check(!value || protocols.includes(spec.protocol), `${where}: wire.${variant}: only for protocols ${protocols.join(', ')}`);
  }
  for (const step of spec.script ?? []) {
    const valid = isSimScriptWord(step) || (Number.isInteger(step) && (step as number) >= 400 && (step as number) <= 599);
    check(valid, `${where}: script: expected an HTTP status 400-599 or one of ${SIM_SCRIPT_WORDS.join(', ')}, got ${JSON.stringify(step)}`);
    const protocols = isSimScriptWord(step) ? SIM_SCRIPT_WORD_PROTOCOLS[step] : undefined;
    check(protocols === undefined || protocols.includes(spec.protocol), `${where}: script: ${String(step)} is only for protocols ${(protocols ?? []).join(', ')}`);
  }
}

export function validateSimConfig(config: SimConfig): void {
  check(Array.isArray(config.providers) && config.providers.length > 0, 'simulator config: providers must list at least one provider');
  const seen = new Set<string>();
  for (const spec of config.providers) {
    validateProviderSpec(spec);
    check(!seen.has(spec.name), `simulator config: provider name "${spec.name}" is used twice`);
    seen.add(spec.name);
  }
}
