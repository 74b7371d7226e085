const alreadyWarned = new Set<string>();

/**
 * Runs `call` (synchronously) letting each distinct console.warn line it emits through once per
 * process. @anthropic-ai/sdk warns about a deprecated model on every `messages.create`, which
 * would repeat the same two lines hundreds of times on stderr during a bench. The SDK emits the
 * warning synchronously before its first await, so swapping console.warn around the synchronous
 * part cannot catch anyone else's output.
 */
export function withRepeatedWarningsSuppressed<T>(call: () => T): T {
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (alreadyWarned.has(line)) return;
    alreadyWarned.add(line);
    originalWarn(...args);
  };
  try {
    return call();
  } finally {
    console.warn = originalWarn;
  }
}
