/**
 * One line for a connection-level failure. The useful words are at the bottom of the cause chain
 * ("connect ECONNREFUSED 127.0.0.1:8080", "other side closed"); the layers above only say
 * "Connection error." or "fetch failed".
 */
export function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  let deepest: Error = error;
  for (let depth = 0; depth < 10 && deepest.cause instanceof Error; depth += 1) deepest = deepest.cause;
  return deepest.message || error.message;
}
