// The durations llmx prints. Two shapes, each for one purpose:
//   formatSeconds: a wait or an elapsed time in a sentence ("next slot in 42.3 s", "measuring 3.0 s");
//   formatCountdown: a table cell counting down to a probe ("4m 10s", "12s"), whole seconds, rounded up
//   so it never shows 0s while the wait is still running.
// Milliseconds are `formatMs` ("123 ms"). Every one takes milliseconds.

/** "42.3 s": one decimal, a space before the unit. Negative waits print as 0.0 s. */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** "4m 10s", "12s": minutes and zero-padded seconds above a minute, rounded up to the second. */
export function formatCountdown(ms: number): string {
  const totalS = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(totalS / 60);
  const seconds = totalS % 60;
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/** "123 ms": rounded to the millisecond. */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}
