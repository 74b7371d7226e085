import { warn } from '../../shared/warning.js';

const alreadyWarned = new Set<string>();

/**
 * Runs `call` (synchronously) with the SDK's console.warn turned into llmx's own warning line
 * (`llmx: warning: <provider>: ...`, one line), each distinct message once per process.
 * @anthropic-ai/sdk warns about a deprecated model on every `messages.create`, in two lines of its
 * own, which would repeat hundreds of times on stderr during a bench. The SDK emits the warning
 * synchronously before its first await, so swapping console.warn around the synchronous part
 * cannot catch anyone else's output.
 */
export function withSdkWarningsAsOurs<T>(provider: string, call: () => T, emit: (message: string) => void = warn): T {
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    const message = `${provider}: ${oneLine(args.map(String).join(' '))}`;
    if (alreadyWarned.has(message)) return;
    alreadyWarned.add(message);
    emit(message);
  };
  try {
    return call();
  } finally {
    console.warn = originalWarn;
  }
}

/** The SDK's lines as one sentence each: "...on November 30th, 2026\nPlease migrate..." reads "...2026. Please migrate...". */
function oneLine(text: string): string {
  return text
    .split(/\s*\n\s*/)
    .filter((line) => line !== '')
    .map((line, index, lines) => (index < lines.length - 1 && !/[.!?:;]$/.test(line) ? `${line}.` : line))
    .join(' ');
}
