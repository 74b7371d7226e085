import { redactSecrets } from '../shared/redact-secrets.js';

/** Values longer than this are quoted by their beginning and length only. */
const MAX_QUOTED_CHARS = 40;
/** No configuration message is longer than this, whatever it quotes (a key of binary garbage...). */
const MAX_MESSAGE_CHARS = 300;

/**
 * A value as a configuration message quotes it: redacted, and short. `got "sixty"` helps; a whole
 * file read as one string (`--config secretfile`) or 10 kB of binary must not be echoed back.
 */
export function quoted(value: string): string {
  const redacted = redactSecrets(value);
  if (redacted.length <= MAX_QUOTED_CHARS) return JSON.stringify(redacted);
  return `${JSON.stringify(`${redacted.slice(0, MAX_QUOTED_CHARS - 8)}…`)} (${value.length} characters)`;
}

/** A whole message, cut to MAX_MESSAGE_CHARS, the last guard of every configuration error. */
export function boundedMessage(message: string): string {
  const redacted = redactSecrets(message);
  return redacted.length <= MAX_MESSAGE_CHARS ? redacted : `${redacted.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
