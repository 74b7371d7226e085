import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectGolden, lineDiff } from './golden.js';
import { useTempDirs } from './temp-dir.js';

const tempDir = useTempDirs('llmx-golden-harness-');
afterEach(() => vi.unstubAllEnvs());

describe('expectGolden', () => {
  it('passes on identical output and fails with a numbered diff and the way to regenerate', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'table.120.txt'), 'title\n│ a │ 1 │\n│ b │ 2 │\nfooter\n');
    expectGolden('table', 'title\n│ a │ 1 │\n│ b │ 2 │\nfooter\n', { columns: 120, dir });
    let message = '';
    try {
      expectGolden('table', 'title\n│ a │ 1 │\n│ b │ 3 │\nfooter\n', { columns: 120, dir });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('table.120.txt (- golden, + actual; line numbers: golden, actual)');
    expect(message).toContain('-   3     ││ b │ 2 │');
    expect(message).toContain('+       3 ││ b │ 3 │');
    expect(message).toContain('    2   2 ││ a │ 1 │');
    expect(message).toContain('UPDATE_GOLDEN=1');
  });

  it('names a missing golden file, and UPDATE_GOLDEN=1 writes it', () => {
    const dir = tempDir();
    expect(() => expectGolden('fresh', 'x\n', { columns: 80, dir })).toThrow(/fresh\.80\.txt does not exist; create it with UPDATE_GOLDEN=1/);
    vi.stubEnv('UPDATE_GOLDEN', '1');
    expectGolden('fresh', 'x\n', { columns: 80, dir });
    expect(readFileSync(join(dir, 'fresh.80.txt'), 'utf8')).toBe('x\n');
  });

  it('refuses output with colour codes', () => {
    expect(() => expectGolden('coloured', '\u001b[31mred\u001b[39m\n', { columns: 120, dir: tempDir() })).toThrow(/ANSI escape codes/);
  });
});

describe('lineDiff', () => {
  it('shows trailing spaces and a missing final newline', () => {
    const diff = lineDiff('a\nb\n', 'a\nb  ');
    expect(diff).toContain('+       2 │b··');
    expect(diff).toContain('(the golden ends with a newline; the output does not)');
  });

  it('keeps two lines of context and elides the rest', () => {
    const golden = Array.from({ length: 20 }, (_, index) => `line ${index}`);
    const actual = [...golden];
    actual[2] = 'changed 2';
    actual[15] = 'changed 15';
    const lines = lineDiff(golden.join('\n'), actual.join('\n')).split('\n');
    expect(lines).toContain('  ...');
    expect(lines.filter((line) => line.startsWith(' '))).toHaveLength(4 + 4 + 1);
  });
});
