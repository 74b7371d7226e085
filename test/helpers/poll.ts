/**
 * Polls `probe` until it returns a value (not undefined) or `timeoutMs` (default 15000) passes,
 * every `everyMs` (default 100). For state outside this process (a server, a terminal screen);
 * a child's own output is better awaited with `Spawned.waitFor`.
 */
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
