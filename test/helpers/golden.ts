import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './root.js';

/**
 * Golden files: what a table or view prints, byte for byte, in `fixtures/golden/<name>.<columns>.txt`.
 * Rendered as a user sees them piped: `TZ=UTC NO_COLOR=1 COLUMNS=<columns>` for the CLI, or
 * `color: false` and the same width handed to a render function.
 *
 * Regenerate after an intended change of output (then read the diff of fixtures/golden/ before
 * committing it):  UPDATE_GOLDEN=1 npm run test:unit   (in-process goldens)
 *                  UPDATE_GOLDEN=1 npm run test:e2e    (goldens of the built CLI; build first)
 */
export const GOLDEN_DIR = join(ROOT, 'fixtures', 'golden');

/** The widths every table and view is checked at: a standard terminal, and a pipe (or a wide terminal). */
export const GOLDEN_COLUMNS = [80, 120] as const;

/** The environment a CLI golden runs in, laid over test/helpers/cli.ts's scrubbed one. */
export function goldenEnv(columns: number): NodeJS.ProcessEnv {
  return { TZ: 'UTC', NO_COLOR: '1', COLUMNS: String(columns) };
}

export function goldenPath(name: string, columns: number, dir = GOLDEN_DIR): string {
  return join(dir, `${name}.${columns}.txt`);
}

function updating(): boolean {
  const value = process.env.UPDATE_GOLDEN;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Throws unless `actual` equals the golden file `name` at `columns` (written instead under
 * UPDATE_GOLDEN=1). The failure shows a line diff (- golden, + actual) and how to regenerate.
 */
export function expectGolden(name: string, actual: string, options: { columns: number; /** Default fixtures/golden. */ dir?: string }): void {
  const path = goldenPath(name, options.columns, options.dir);
  const shown = relative(ROOT, path);
  if (actual.includes('\u001b[')) throw new Error(`${shown}: the output contains ANSI escape codes; goldens are taken without colour (NO_COLOR=1, color: false)`);
  if (updating()) {
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`${shown} does not exist; create it with UPDATE_GOLDEN=1 (see test/README.md), then review it`);
  const expected = readFileSync(path, 'utf8');
  if (expected === actual) return;
  throw new Error(`output differs from ${shown} (- golden, + actual; line numbers: golden, actual):\n${lineDiff(expected, actual)}\nIf the change is intended: UPDATE_GOLDEN=1 npm run test:unit (or test:e2e), then review git diff fixtures/golden/`);
}

/**
 * A line diff of two texts (longest common subsequence) with `context` unchanged lines around each
 * change, numbered by golden line and actual line, at most `maxLines` long. Trailing whitespace
 * and a difference in the final newline are made visible.
 */
export function lineDiff(expected: string, actual: string, context = 2, maxLines = 120): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // lengths[i][j]: the LCS length of a[i..] and b[j..]; tables are small, so O(n*m) is fine.
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
  }
  const ops: Array<{ mark: ' ' | '-' | '+'; line: string; golden?: number; actual?: number }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ mark: ' ', line: a[i], golden: ++i, actual: ++j });
    else if (i < a.length && (j === b.length || lengths[i + 1][j] >= lengths[i][j + 1])) ops.push({ mark: '-', line: a[i], golden: ++i });
    else ops.push({ mark: '+', line: b[j], actual: ++j });
  }
  const visible = (line: string) => line.replace(/[ \t]+$/, (tail) => tail.replaceAll(' ', '·').replaceAll('\t', '→'));
  const number = (value: number | undefined) => (value === undefined ? '' : String(value)).padStart(4);
  const out: string[] = [];
  let lastShown = -1;
  ops.forEach((op, index) => {
    const near = ops.slice(Math.max(0, index - context), index + context + 1).some((other) => other.mark !== ' ');
    if (!near) return;
    if (lastShown !== -1 && index > lastShown + 1) out.push('  ...');
    out.push(`${op.mark}${number(op.golden)}${number(op.actual)} │${visible(op.line)}`);
    lastShown = index;
  });
  if (out.length > maxLines) out.splice(maxLines, out.length - maxLines, `  ... ${out.length - maxLines} more diff lines`);
  if (expected.endsWith('\n') !== actual.endsWith('\n')) out.push(`(the golden ${expected.endsWith('\n') ? 'ends' : 'does not end'} with a newline; the output ${actual.endsWith('\n') ? 'does' : 'does not'})`);
  return out.join('\n');
}
