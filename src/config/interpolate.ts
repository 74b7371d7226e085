/** `${VAR}` / `${VAR:-default}` substitution in configuration strings. */

export interface Interpolated {
  /** The text with every reference substituted; unset references become "". */
  value: string;
  /** Variables referenced without a default and not set (or set to ""). */
  missing: string[];
  /** Variables whose value was substituted (set and non-empty). */
  used: string[];
  /** True when the text held at least one reference. */
  hadReferences: boolean;
}

export class InterpolationSyntaxError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Shell semantics for `:-`: the default applies when the variable is unset OR empty, because an
 * empty key or URL is never what a user means. `$${` escapes a literal `${`.
 *
 * One rule for nesting, as in the shell: a default may itself hold references, to any depth
 * (`${OPENAI_BASE_URL:-${PROXY_URL}}`), interpolated only when it is used; a variable's name may not
 * (`${A${B}}` is refused: which variable is read must be visible in the file). A default ends at
 * the first `}` that closes no reference of its own, so it cannot hold a literal `}`.
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv): Interpolated {
  const result: Interpolated = { value: '', missing: [], used: [], hadReferences: false };
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('$', index);
    if (start === -1) {
      result.value += text.slice(index);
      break;
    }
    result.value += text.slice(index, start);
    if (text.startsWith('$${', start)) {
      result.value += '${';
      index = start + 3;
      continue;
    }
    if (text[start + 1] !== '{') {
      result.value += '$';
      index = start + 1;
      continue;
    }
    const end = closingBrace(text, start + 2);
    if (end === -1) throw new InterpolationSyntaxError(`unterminated "\${" (expected \${NAME} or \${NAME:-default})`);
    const body = text.slice(start + 2, end);
    const separator = body.indexOf(':-');
    const name = separator === -1 ? body : body.slice(0, separator);
    if (!NAME.test(name)) {
      const hint = name.includes('${') ? '; a variable name cannot come from another variable (a default can: ${NAME:-${OTHER}})' : '';
      throw new InterpolationSyntaxError(`"\${${body}}" is not a variable reference (expected \${NAME} or \${NAME:-default})${hint}`);
    }
    result.hadReferences = true;
    const value = env[name];
    if (value !== undefined && value !== '') {
      result.value += value;
      result.used.push(name);
    } else if (separator !== -1) {
      const fallback = interpolate(body.slice(separator + 2), env);
      result.value += fallback.value;
      result.missing.push(...fallback.missing);
      result.used.push(...fallback.used);
    } else {
      result.missing.push(name);
    }
    index = end + 1;
  }
  return result;
}

/** The index of the `}` that closes a `${` whose body starts at `from` (nested `${...}` skipped), or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text.startsWith('$${', index)) {
      index += 2;
    } else if (text.startsWith('${', index)) {
      depth += 1;
      index += 1;
    } else if (text[index] === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
