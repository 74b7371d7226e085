import type { Usage } from '../../spec/chat.js';

/**
 * Counts a server cannot have meant, made safe to price and store: a negative or non-integer count
 * becomes 0 (or is rounded), cache reads and writes together are at most the input (reads first, then
 * 5-minute, then 1-hour writes are cut), reasoning is at most the output, and a negative or non-finite
 * billed cost is dropped (the cost is then computed). `clamped` says what was changed, once per call,
 * so the caller can warn; nothing implausible is ever stored as sent.
 */
export function plausibleUsage(usage: Usage): Usage {
  const problems: string[] = [];
  const count = (name: string, value: number | undefined): number => {
    if (value === undefined) return 0;
    if (!Number.isFinite(value) || value < 0) {
      problems.push(`${name} ${String(value)} is not a count (taken as 0)`);
      return 0;
    }
    if (!Number.isInteger(value)) {
      problems.push(`${name} ${value} is not a whole number (rounded)`);
      return Math.round(value);
    }
    return value;
  };
  const input = count('input tokens', usage.inputTokens);
  const output = count('output tokens', usage.outputTokens);
  let read = count('cache read tokens', usage.cachedInputTokens);
  let write5m = count('5-minute cache write tokens', usage.cacheWrite5mTokens);
  let write1h = count('1-hour cache write tokens', usage.cacheWrite1hTokens);
  let reasoning = count('reasoning tokens', usage.reasoningTokens);
  if (read + write5m + write1h > input) {
    problems.push(`cache reads and writes (${read + write5m + write1h}) exceed the input (${input}); cut to the input`);
    read = Math.min(read, input);
    write5m = Math.min(write5m, input - read);
    write1h = Math.min(write1h, input - read - write5m);
  }
  if (reasoning > output) {
    problems.push(`reasoning tokens (${reasoning}) exceed the output (${output}); cut to the output`);
    reasoning = output;
  }
  let billed = usage.billedCostUsd;
  if (billed !== undefined && billed !== null && (!Number.isFinite(billed) || billed < 0)) {
    problems.push(`a billed cost of ${String(billed)} USD is not a cost (ignored; the cost is computed)`);
    billed = undefined;
  }
  if (problems.length === 0) return usage;
  const fixed: Usage = { ...usage, inputTokens: input, outputTokens: output, cachedInputTokens: read, clamped: problems.join('; ') };
  setOrDrop(fixed, 'cacheWrite5mTokens', write5m);
  setOrDrop(fixed, 'cacheWrite1hTokens', write1h);
  setOrDrop(fixed, 'reasoningTokens', reasoning);
  if (billed === undefined) delete fixed.billedCostUsd;
  return fixed;
}

function setOrDrop(usage: Usage, key: 'cacheWrite5mTokens' | 'cacheWrite1hTokens' | 'reasoningTokens', value: number): void {
  if (value > 0) usage[key] = value;
  else delete usage[key];
}
