import { afterEach, describe, expect, it } from 'vitest';
import { effectiveEnv, parseDotenv } from '../../src/config/index.js';
import { tempTree } from './helpers.js';

describe('parseDotenv', () => {
  it('reads KEY=VALUE with export prefixes, comments, quotes and inline comments', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = padded value  ',
      'INLINE=abc # trailing comment',
      'HASH=abc#not-a-comment',
      "SINGLE='single $HOME # kept'",
      'DOUBLE="line1\\nline2 \\"quoted\\""',
      'MULTI="first',
      'second"',
      'EMPTY=',
    ].join('\n');
    const { values, warnings } = parseDotenv(text);
    expect(values).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'padded value',
      INLINE: 'abc',
      HASH: 'abc#not-a-comment',
      SINGLE: 'single $HOME # kept',
      DOUBLE: 'line1\nline2 "quoted"',
      MULTI: 'first\nsecond',
      EMPTY: '',
    });
    expect(warnings).toEqual([]);
  });

  it('warns about lines it cannot read, naming the line', () => {
    const { values, warnings } = parseDotenv('GOOD=1\nnot an assignment\nBAD="unclosed\n', '.env');
    expect(values).toEqual({ GOOD: '1' });
    expect(warnings).toEqual(['.env:2: ignored a line that is not KEY=VALUE', '.env:3: BAD: missing closing "']);
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    expect(parseDotenv('\uFEFFA=1\r\nB=2\r\n').values).toEqual({ A: '1', B: '2' });
  });
});

describe('effectiveEnv', () => {
  let tree: ReturnType<typeof tempTree> | undefined;
  afterEach(() => tree?.remove());

  it('loads .env from cwd and lets the real environment win', () => {
    tree = tempTree({ '.env': 'FROM_FILE=file\nBOTH=file\n' });
    const { env } = effectiveEnv(tree.root, { BOTH: 'real', ONLY_REAL: 'r' });
    expect(env.FROM_FILE).toBe('file');
    expect(env.BOTH).toBe('real');
    expect(env.ONLY_REAL).toBe('r');
  });

  it('is a no-op without a .env file', () => {
    tree = tempTree();
    expect(effectiveEnv(tree.root, { A: '1' })).toEqual({ env: { A: '1' }, warnings: [] });
  });
});
