import { describe, expect, it } from 'vitest';
import { collect, nonNegativeInteger, numberInRange, portNumber, positiveInteger, positiveNumber, positiveSeconds } from '../../src/commands/parse-options.js';
import { UsageError } from '../../src/spec/errors.js';

function failure(parse: (value: string) => number, value: string): UsageError {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('option parsers', () => {
  it('accept what they promise and return the number', () => {
    expect(positiveInteger('--n')('3')).toBe(3);
    expect(nonNegativeInteger('--n')('0')).toBe(0);
    expect(positiveNumber('--n')('0.5')).toBe(0.5);
    expect(positiveSeconds('--s')('0.1')).toBe(0.1);
    expect(portNumber('--port')('0')).toBe(0);
    expect(portNumber('--port')('65535')).toBe(65535);
    expect(numberInRange('--t', 0, 2)('2')).toBe(2);
  });

  it('reject with one line naming the flag, what was expected and the value (exit 2)', () => {
    const cases: Array<[(value: string) => number, string, string]> = [
      [positiveInteger('--n'), '1.5', '--n: expected a positive integer, got "1.5"'],
      [nonNegativeInteger('--n'), '-1', '--n: expected a non-negative integer, got "-1"'],
      // Was sent to the server as 1e+20; a timeout that large became a timer firing at once.
      [positiveInteger('--max-tokens'), '99999999999999999999', '--max-tokens: expected a positive integer up to 2147483647, got "99999999999999999999"'],
      [positiveInteger('--timeout'), '2147483648', '--timeout: expected a positive integer up to 2147483647, got "2147483648"'],
      [positiveInteger('--n'), '1e3', '--n: expected a positive integer, got "1e3"'],
      [positiveInteger('--n'), '0x10', '--n: expected a positive integer, got "0x10"'],
      [positiveNumber('--n'), '0', '--n: expected a positive number, got "0"'],
      [positiveSeconds('--interval'), '', '--interval: expected a positive number of seconds, got ""'],
      [portNumber('--port'), '0x50', '--port: expected a port number from 0 to 65535, got "0x50"'],
      [portNumber('--port'), '65536', '--port: expected a port number from 0 to 65535, got "65536"'],
      [numberInRange('--temperature', 0, 2), ' ', '--temperature: expected a number from 0 to 2, got " "'],
    ];
    for (const [parse, value, message] of cases) {
      const error = failure(parse, value);
      expect(error.message).toBe(message);
      expect(error.exitCode).toBe(2);
    }
  });

  it('collect gathers a repeatable option in order', () => {
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });
});
