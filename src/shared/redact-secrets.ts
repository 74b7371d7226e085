/**
 * The one redaction of free text llmx prints or stores (error messages, server error bodies, log
 * lines): a provider's 401 may quote the key, a proxy's error may quote the Authorization header, a
 * URL may carry `user:password@` or `?api_key=`. Applied where a provider error is built (so
 * `--json` attempts, `-v`, `health` and the ledger all get the same text), and again as a last guard
 * on every error line. Each secret becomes REDACTED; the text around it is kept for diagnosis.
 */
export const REDACTED = '[redacted]';

/** Query parameters whose values are credentials (Azure SAS `sig`, `api_key`, `access_token`...). */
export const SECRET_QUERY_PARAMETER = /key|token|secret|sig|password|passwd|auth|credential/i;

type Replacement = string | ((match: string, ...groups: string[]) => string);

const VALUE = String.raw`[A-Za-z0-9_*.\-/+=~]`;

const PATTERNS: ReadonlyArray<readonly [RegExp, Replacement]> = [
  // user:password@ (or a bare user@) in any scheme://authority.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${REDACTED}@`],
  // ?name=value and &name=value whose name says it is a credential.
  [/([?&;])([^=&\s"'<>#]+)=([^&\s"'<>#]+)/g, (match, separator, name) => (SECRET_QUERY_PARAMETER.test(name!) ? `${separator}${name}=${REDACTED}` : match)],
  // OpenAI, Anthropic (sk-ant-...) and similar vendor keys, masked ones (sk-proj-abc****wxyz) included.
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_*-]{6,}/g, REDACTED],
  // A field or header named for a credential, then : or =, then its value (JSON quotes allowed). The
  // value must look like one (a digit in 8+ characters, or 20+), so "api_key: expected a string" stays.
  [
    /\b(api[_-]?key|x-api-key|api-key|authorization|password|passwd|secret|access[_-]?token|token)(["']?\s*[:=]\s*["']?)(?:(?:bearer|basic)\s+)?(?:(?=[^\s"'&,;]*\d)[^\s"'&,;]{8,}|[^\s"'&,;]{20,})/gi,
    `$1$2${REDACTED}`,
  ],
  // A bare "Bearer <token>" / "Basic <base64>" anywhere: a value with a digit or base64's = + / in it, not prose.
  [new RegExp(String.raw`\b(bearer|basic)(\s+)(?=${VALUE}*[\d=+/])${VALUE}{8,}`, 'gi'), `$1$2${REDACTED}`],
  // Azure keys: 32 hex characters (and longer hex runs: signatures, tokens).
  [/\b[A-Fa-f0-9]{32,}\b/g, REDACTED],
];

/**
 * `text` with every credential-looking part replaced; `known` are secrets to remove wherever they
 * appear verbatim (the configured API keys), whatever their shape.
 */
export function redactSecrets(text: string, known: ReadonlyArray<string | undefined> = []): string {
  let redacted = text;
  for (const secret of known) {
    if (secret !== undefined && secret.length >= 4) redacted = redacted.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) {
    redacted = typeof replacement === 'string' ? redacted.replace(pattern, replacement) : redacted.replace(pattern, replacement);
  }
  return redacted;
}
