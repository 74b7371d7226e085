/**
 * When each output token is due, as absolute times on the request's clock.
 * Every target is computed from the request's start rather than from the previous write, so timer
 * lateness never accumulates: token i is due at start + ttft + i * msPerToken however late token i-1 was.
 */
export function tokenDueTimesMs(startMs: number, ttftMs: number, msPerToken: number, tokenCount: number): number[] {
  const due: number[] = [];
  for (let i = 0; i < tokenCount; i++) due.push(startMs + ttftMs + i * msPerToken);
  return due;
}
