/**
 * Provider error messages sometimes quote the key they rejected (OpenAI's 401 shows a masked
 * `sk-...abcd`). The ledger keeps the message for diagnosis but never anything key-shaped.
 */
const KEY_SHAPED = [
  /\b(?:sk|pk|rk)-[A-Za-z0-9_*-]{6,}/g, // OpenAI, Anthropic (sk-ant-...), and similar vendor keys
  /\b(?:api[_-]?key|x-api-key|authorization|bearer)\b\s*[:=]?\s*["']?[A-Za-z0-9_*.\-/+=]{8,}/gi,
  /\b[A-Fa-f0-9]{32,}\b/g, // Azure keys: 32 hex characters
];

export function redactSecrets(text: string): string {
  return KEY_SHAPED.reduce((redacted, pattern) => redacted.replace(pattern, '[redacted]'), text);
}
