import { UsageError } from '../spec/errors.js';

/** commander argument parsers that fail with one clear line (exit 2) naming the flag and the value. */
export function positiveInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new UsageError(`${flag}: expected a positive integer, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

export function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${flag}: expected a non-negative integer, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

export function positiveNumber(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${flag}: expected a positive number, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

/** Seconds, fractions allowed: rejects "0", "-1", "abc", "". */
export function positiveSeconds(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${flag}: expected a positive number of seconds, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

/** A TCP port in decimal digits, 0 (any free port) to 65535. */
export function portNumber(flag: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed > 65535) throw new UsageError(`${flag}: expected a port number from 0 to 65535, got ${JSON.stringify(value)}`);
    return parsed;
  };
}

export function numberInRange(flag: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new UsageError(`${flag}: expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
}

/** commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
