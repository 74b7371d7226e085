/**
 * The one shape of a warning: `llmx: warning: <message>` on stderr (stdout carries only the answer or
 * the data). Engines that warn take an `onWarning` callback and default to `warn`; `--json` commands
 * also collect the messages into the envelope's `warnings`.
 */
export function warningLine(message: string): string {
  return `llmx: warning: ${message}`;
}

export function warn(message: string): void {
  process.stderr.write(`${warningLine(message)}\n`);
}
