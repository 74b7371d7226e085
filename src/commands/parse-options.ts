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
