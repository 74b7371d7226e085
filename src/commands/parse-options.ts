import { UsageError } from '../spec/errors.js';

/**
 * A commander argument parser for a number: `valid` judges the parsed value (and the raw text);
 * anything else fails with one clear line (exit 2) naming the flag, what was expected and the value.
 */
function numberOption(flag: string, expected: string, valid: (parsed: number, raw: string) => boolean) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!valid(parsed, value)) throw new UsageError(`${flag}: expected ${expected}, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

/**
 * Integer flags are decimal digits up to 2^31 - 1: a timeout past that becomes a Node timer that
 * fires at once, and a token cap past it reaches the server as 1e+20. Refused, not rounded.
 */
const MAX_INTEGER = 2_147_483_647;
const DIGITS = /^\s*\+?\d+\s*$/;

function integerOption(flag: string, expected: string, min: number) {
  const parse = numberOption(flag, expected, (parsed, raw) => DIGITS.test(raw) && parsed >= min);
  return (value: string): number => {
    const parsed = parse(value);
    if (parsed > MAX_INTEGER) throw new UsageError(`${flag}: expected ${expected} up to ${MAX_INTEGER}, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

export function positiveInteger(flag: string) {
  return integerOption(flag, 'a positive integer', 1);
}

export function nonNegativeInteger(flag: string) {
  return integerOption(flag, 'a non-negative integer', 0);
}

export function positiveNumber(flag: string) {
  return numberOption(flag, 'a positive number', (parsed) => Number.isFinite(parsed) && parsed > 0);
}

/** Amounts such as a USD budget: 0 allowed, "" and "-1" not. */
export function nonNegativeNumber(flag: string) {
  return numberOption(flag, 'a non-negative number', (parsed, raw) => raw.trim() !== '' && Number.isFinite(parsed) && parsed >= 0);
}

/** Seconds, fractions allowed: rejects "0", "-1", "abc", "". */
export function positiveSeconds(flag: string) {
  return numberOption(flag, 'a positive number of seconds', (parsed, raw) => raw.trim() !== '' && Number.isFinite(parsed) && parsed > 0);
}

/** A TCP port in decimal digits, 0 (any free port) to 65535. */
export function portNumber(flag: string) {
  return numberOption(flag, 'a port number from 0 to 65535', (parsed, raw) => /^\d+$/.test(raw) && parsed <= 65535);
}

export function numberInRange(flag: string, min: number, max: number) {
  return numberOption(flag, `a number from ${min} to ${max}`, (parsed, raw) => raw.trim() !== '' && Number.isFinite(parsed) && parsed >= min && parsed <= max);
}

/** commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
