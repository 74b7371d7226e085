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
    const end = text.indexOf('}', start + 2);
    if (end === -1) throw new InterpolationSyntaxError(`unterminated "\${" (expected \${NAME} or \${NAME:-default})`);
    const body = text.slice(start + 2, end);
    const separator = body.indexOf(':-');
    const name = separator === -1 ? body : body.slice(0, separator);
    if (!NAME.test(name)) throw new InterpolationSyntaxError(`"\${${body}}" is not a variable reference (expected \${NAME} or \${NAME:-default})`);
    result.hadReferences = true;
    const value = env[name];
    if (value !== undefined && value !== '') {
      result.value += value;
      result.used.push(name);
    } else if (separator !== -1) {
      result.value += body.slice(separator + 2);
    } else {
      result.missing.push(name);
    }
    index = end + 1;
  }
  return result;
}
