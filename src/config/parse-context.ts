import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { ConfigError } from '../spec/errors.js';
import { didYouMean } from './did-you-mean.js';
import { boundedMessage, quoted } from './excerpt.js';
import { interpolate, InterpolationSyntaxError } from './interpolate.js';

/** A mapping entry with the nodes kept, so every message can point at the key or the value. */
export interface Entry {
  key: string;
  keyNode: Node;
  /** null for `key:` with nothing after it. */
  value: Node | null;
}

/** A `${VAR}` that was referenced and not set, with where it was met. */
export interface MissingVariable {
  name: string;
  path: string;
  where: string;
}

export interface StringValue {
  value: string;
  /** Variables whose values were substituted into it. */
  usedVariables: string[];
}

export interface StringOptions {
  /** An unset `${VAR}` here means "use the default" rather than a missing value. */
  optional?: boolean;
  /** Never echo the value in a message. */
  secret?: boolean;
}

export type NumberRule = 'positive-integer' | 'positive' | 'non-negative' | 'fraction' | 'at-least-one';

const RULE_TEXT: Record<NumberRule, string> = {
  'positive-integer': 'a positive integer',
  positive: 'a positive number',
  'non-negative': 'a non-negative number',
  fraction: 'a number from 0 to 1',
  'at-least-one': 'a number >= 1',
};

/**
 * The largest integer a setting may hold: timeouts become Node timers (which fire at once past
 * 2^31 - 1 ms) and counts reach servers that parse 32-bit integers. Larger is a mistake, not a wish.
 */
export const MAX_INTEGER = 2_147_483_647;

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Walks the YAML AST (not the plain JS value) so that each value still knows its line and column,
 * and interpolates `${VAR}` as values are read. Every failure is a ConfigError located at the node.
 */
export class ParseContext {
  readonly warnings: string[] = [];
  private missing: MissingVariable[] = [];

  /**
   * @param lines null for a document built in memory (environment-only configuration): its nodes
   *   have no positions, so every place is `sourceName`.
   * @param variableOf key path (`providers.openai.base_url`) -> the variable that supplied the value,
   *   for a document built from variables: a problem with such a value is reported as the variable's.
   */
  constructor(
    readonly sourceName: string,
    private readonly document: Document,
    private readonly lines: LineCounter | null,
    readonly env: NodeJS.ProcessEnv,
    private readonly variableOf: Readonly<Record<string, string>> = {},
  ) {}

  where(node: Node | null | undefined): string {
    const offset = node?.range?.[0];
    if (offset === undefined || this.lines === null) return this.sourceName;
    const { line, col } = this.lines.linePos(offset);
    return `${this.sourceName}:${line}:${col}`;
  }

  fail(node: Node | null | undefined, path: string, message: string): never {
    // The variable is what the user sets, so it is the place ("OLLAMA_BASE_URL: expected ..."); the key path would name a file that does not exist.
    const variable = Object.hasOwn(this.variableOf, path) ? this.variableOf[path] : undefined;
    if (variable !== undefined) throw new ConfigError(boundedMessage(message), variable);
    throw new ConfigError(boundedMessage(path ? `${path}: ${message}` : message), this.where(node));
  }

  /** Follows aliases; null for an absent or empty (`key:`) value. */
  resolve(node: Node | null | undefined): Node | null {
    let current: unknown = node ?? null;
    for (let depth = 0; isAlias(current) && depth < 32; depth += 1) current = current.resolve(this.document) ?? null;
    if (current === null || current === undefined) return null;
    if (isScalar(current) && current.value === null) return null;
    return current as Node;
  }

  /** The mapping's entries (merge keys `<<` expanded); [] when absent. `at` locates errors for an empty value. */
  entries(node: Node | null | undefined, path: string, at?: Node | null): Entry[] {
    const map = this.resolve(node);
    if (map === null) return [];
    if (!isMap(map)) this.fail(map ?? at, path, `expected a mapping, got ${this.describe(map)}`);
    const own: Entry[] = [];
    const merged: Entry[] = [];
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      if (isScalar(keyNode) && (keyNode as { source?: string }).source === '<<' && typeof keyNode.value === 'symbol') {
        const sources = this.resolve(pair.value as Node);
        const list = isSeq(sources) ? (sources.items as Node[]) : [sources];
        for (const source of list) merged.push(...this.entries(source, path, keyNode));
        continue;
      }
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.fail(keyNode, path, 'expected a plain key');
      }
      own.push({ key: String(keyNode.value), keyNode, value: (pair.value as Node | null) ?? null });
    }
    // Explicit keys win over merged ones, as YAML's merge key specifies.
    const seen = new Set(own.map((entry) => entry.key));
    return [...own, ...merged.filter((entry) => !seen.has(entry.key) && seen.add(entry.key))];
  }

  /** The list's items; [] when absent. */
  items(node: Node | null | undefined, path: string): Node[] {
    const list = this.resolve(node);
    if (list === null) return [];
    if (!isSeq(list)) this.fail(list, path, `expected a list, got ${this.describe(list)}`);
    return list.items as Node[];
  }

  checkKeys(entries: readonly Entry[], allowed: readonly string[], path: string, allowExtensions = false): void {
    for (const entry of entries) {
      if (allowed.includes(entry.key)) continue;
      if (allowExtensions && entry.key.startsWith('x-')) continue;
      const fullPath = path ? `${path}.${entry.key}` : entry.key;
      this.fail(entry.keyNode, fullPath, `unknown key${didYouMean(entry.key, allowed)}; expected one of ${allowed.join(', ')}`);
    }
  }

  /** How a value is named in "expected X, got Y". */
  describe(node: Node | null): string {
    const resolved = this.resolve(node);
    if (resolved === null) return 'nothing';
    if (isMap(resolved)) return 'a mapping';
    if (isSeq(resolved)) return 'a list';
    if (isScalar(resolved)) return typeof resolved.value === 'string' ? quoted(resolved.value) : String(resolved.value);
    return 'an unsupported value';
  }

  /** Unset variables met since the last call (and forgets them). */
  takeMissing(): MissingVariable[] {
    const taken = this.missing;
    this.missing = [];
    return taken;
  }

  /** How many unset variables have been met since the last takeMissing(). */
  get missingCount(): number {
    return this.missing.length;
  }

  /** Turns unset variables outside providers into warnings: the value is treated as absent. */
  warnMissing(): void {
    for (const missing of this.takeMissing()) {
      this.warnings.push(`${missing.where}: ${missing.path}: \${${missing.name}} is not set; ignoring the value`);
    }
  }

  /**
   * A string after interpolation. undefined when absent, empty after interpolation (so
   * `${OPENAI_BASE_URL:-}` means "unset"), or when a referenced variable is unset (recorded).
   */
  string(node: Node | null | undefined, path: string, options: StringOptions = {}): StringValue | undefined {
    const scalar = this.resolve(node);
    if (scalar === null) return undefined;
    if (!isScalar(scalar) || !['string', 'number'].includes(typeof scalar.value)) {
      this.fail(scalar, path, options.secret ? 'expected a string' : `expected a string, got ${this.describe(scalar)}`);
    }
    if (typeof scalar.value === 'number') return { value: String(scalar.source ?? scalar.value), usedVariables: [] };
    const result = this.interpolateAt(scalar, path, scalar.value as string);
    if (result.missing.length > 0) {
      if (!options.optional) for (const name of result.missing) this.missing.push({ name, path, where: this.where(scalar) });
      return undefined;
    }
    if (result.value === '') return undefined;
    return { value: result.value, usedVariables: result.used };
  }

  number(node: Node | null | undefined, path: string, rule: NumberRule): number | undefined {
    const scalar = this.resolve(node);
    if (scalar === null) return undefined;
    let value: number;
    let shown: string;
    if (isScalar(scalar) && typeof scalar.value === 'number') {
      value = scalar.value;
      shown = String(scalar.source ?? value);
    } else if (isScalar(scalar) && typeof scalar.value === 'string' && (scalar.value.includes('${') || NUMERIC_TEXT.test(scalar.value.trim()))) {
      // Interpolated values are text; a quoted "60" is accepted as the number it spells.
      const text = this.string(scalar, path);
      if (text === undefined) return undefined;
      shown = text.value === scalar.value ? quoted(text.value) : `${quoted(text.value)} (from ${scalar.value})`;
      value = NUMERIC_TEXT.test(text.value.trim()) ? Number(text.value) : Number.NaN;
    } else {
      this.fail(scalar, path, `expected ${RULE_TEXT[rule]}, got ${this.describe(scalar)}`);
    }
    if (rule === 'positive-integer' && Number.isInteger(value) && value > MAX_INTEGER) {
      this.fail(scalar, path, `expected a positive integer up to ${MAX_INTEGER}, got ${shown}`);
    }
    if (!satisfies(value, rule)) this.fail(scalar, path, `expected ${RULE_TEXT[rule]}, got ${shown}`);
    return value;
  }

  boolean(node: Node | null | undefined, path: string): boolean | undefined {
    const scalar = this.resolve(node);
    if (scalar === null) return undefined;
    if (isScalar(scalar) && typeof scalar.value === 'boolean') return scalar.value;
    if (isScalar(scalar) && typeof scalar.value === 'string') {
      // YAML 1.2 reads yes/no/on/off as strings; YAML 1.1 habits and interpolated text are accepted.
      const text = this.string(scalar, path);
      if (text === undefined) return undefined;
      const lower = text.value.trim().toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(lower)) return true;
      if (['false', 'no', 'off', '0'].includes(lower)) return false;
      const from = text.value === scalar.value ? '' : ` (from ${scalar.value})`;
      this.fail(scalar, path, `expected true or false, got ${quoted(text.value)}${from}`);
    }
    this.fail(scalar, path, `expected true or false, got ${this.describe(scalar)}`);
  }

  /** One of `allowed`, with a "did you mean" for near misses. */
  oneOf<T extends string>(node: Node | null | undefined, path: string, allowed: readonly T[], what: string): T | undefined {
    const text = this.string(node, path);
    if (text === undefined) return undefined;
    if ((allowed as readonly string[]).includes(text.value)) return text.value as T;
    this.fail(node, path, `unknown ${what} ${quoted(text.value)}${didYouMean(text.value, allowed)}; expected one of ${allowed.join(', ')}`);
  }

  private interpolateAt(node: Node, path: string, text: string) {
    try {
      return interpolate(text, this.env);
    } catch (error) {
      if (error instanceof InterpolationSyntaxError) this.fail(node, path, error.message);
      throw error;
    }
  }
}

function satisfies(value: number, rule: NumberRule): boolean {
  if (!Number.isFinite(value)) return false;
  switch (rule) {
    case 'positive-integer':
      return Number.isInteger(value) && value > 0;
    case 'positive':
      return value > 0;
    case 'non-negative':
      return value >= 0;
    case 'fraction':
      return value >= 0 && value <= 1;
    case 'at-least-one':
      return value >= 1;
  }
}
