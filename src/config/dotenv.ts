import { join } from 'node:path';
import { ConfigError } from '../spec/errors.js';
import { readConfigText } from './read-capped.js';

export interface DotenvResult {
  values: Record<string, string>;
  /** Lines that could not be read, as ".env:LINE: reason". */
  warnings: string[];
}

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/s;
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

/**
 * The common .env dialect: KEY=VALUE, `export ` prefix, `#` comments, single quotes (literal),
 * double quotes (escapes, may span lines), unquoted values with trailing ` # comment` removed.
 * No variable expansion: values are taken as written.
 */
export function parseDotenv(text: string, sourceName = '.env'): DotenvResult {
  const result: DotenvResult = { values: {}, warnings: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      result.warnings.push(`${sourceName}:${lineNumber}: ignored a line that is not KEY=VALUE`);
      continue;
    }
    const [, key, rest] = match;
    const quote = rest[0];
    if (quote === '"' || quote === "'") {
      let body = rest.slice(1);
      let close = findClosingQuote(body, quote);
      // A double-quoted value may continue on the following lines until its closing quote.
      while (close === -1 && quote === '"' && index + 1 < lines.length) {
        index += 1;
        body += `\n${lines[index]}`;
        close = findClosingQuote(body, quote);
      }
      if (close === -1) {
        result.warnings.push(`${sourceName}:${lineNumber}: ${key}: missing closing ${quote}`);
        continue;
      }
      const inner = body.slice(0, close);
      result.values[key] = quote === "'" ? inner : inner.replace(/\\(.)/gs, (all, char: string) => DOUBLE_QUOTE_ESCAPES[char] ?? all);
      continue;
    }
    result.values[key] = rest.replace(/\s+#.*$/, '').trim();
  }
  return result;
}

function findClosingQuote(text: string, quote: string): number {
  for (let index = 0; index < text.length; index += 1) {
    if (quote === '"' && text[index] === '\\') {
      index += 1;
      continue;
    }
    if (text[index] === quote) return index;
  }
  return -1;
}

/** Reads `<cwd>/.env` if present; a missing file is not an error. */
export function readDotenv(cwd: string): DotenvResult {
  let text: string;
  try {
    text = readConfigText(join(cwd, '.env'), '.env');
  } catch (error) {
    if (error instanceof ConfigError) return { values: {}, warnings: [`${error.message}; not read`] };
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {}, warnings: [] };
    return { values: {}, warnings: [`.env: not read: ${(error as Error).message}`] };
  }
  return parseDotenv(text);
}

/** The environment llmx configures itself from: `.env` in `cwd`, overridden by the real environment. */
export function effectiveEnv(cwd: string, env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; warnings: string[] } {
  const dotenv = readDotenv(cwd);
  const merged: NodeJS.ProcessEnv = { ...dotenv.values };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return { env: merged, warnings: dotenv.warnings };
}
