import { describe, expect, it } from 'vitest';
import { colorEnabled, createStyle, stripAnsi, visibleWidth } from '../../src/shared/color.js';
import { cut, hiddenNote, naturalTableWidth, renderTable, wrapText, type TableColumn } from '../../src/shared/table.js';
import { PIPED_COLUMNS, terminalColumns } from '../../src/shared/terminal-width.js';

interface Row {
  name: string;
  status: string;
  detail: string;
  count: number;
}

const COLUMNS: TableColumn<Row>[] = [
  { header: 'name', value: (row) => row.name },
  { header: 'status', value: (row) => row.status, tone: (row) => (row.status === 'down' ? 'bad' : 'good') },
  { header: 'detail', value: (row) => row.detail, shrinkTo: 8, priority: 3 },
  { header: 'count', value: (row) => String(row.count), align: 'right', priority: 1 },
  { header: 'extra', value: () => 'xxxxxxxxxx', priority: 2 },
];

const ROWS: Row[] = [
  { name: 'openai', status: 'healthy', detail: 'answered in time', count: 12 },
  { name: 'anthropic', status: 'down', detail: 'refused', count: 3 },
];

const widest = (text: string) => Math.max(...text.split('\n').map(visibleWidth));

describe('renderTable', () => {
  it('draws a borderless table: header, one line per row, columns two spaces apart, right alignment, no trailing spaces', () => {
    const table = renderTable(COLUMNS, ROWS, { width: 200 });
    expect(table.text).toBe(
      [
        'name       status   detail            count  extra',
        'openai     healthy  answered in time     12  xxxxxxxxxx',
        'anthropic  down     refused               3  xxxxxxxxxx',
      ].join('\n'),
    );
    expect(table.hidden).toEqual([]);
    expect(table.width).toBe(55);
  });

  it('cuts shrinkable columns first, then drops columns from the highest priority number, and says which', () => {
    // 55 wide; 50 lets "detail" shrink (16 -> 11) without dropping anything.
    const shrunk = renderTable(COLUMNS, ROWS, { width: 50 });
    expect(shrunk.hidden).toEqual([]);
    expect(shrunk.text).toContain('answered i…');
    expect(widest(shrunk.text)).toBeLessThanOrEqual(50);
    // 40: detail at its minimum is not enough; "detail" (priority 3) goes, and the room it frees is kept.
    const dropped = renderTable(COLUMNS, ROWS, { width: 40 });
    expect(dropped.hidden).toEqual(['detail']);
    expect(dropped.text.split('\n')[0]).toBe('name       status   count  extra');
    // 25: then "extra" (2); "count" (1) last; name and status never.
    expect(renderTable(COLUMNS, ROWS, { width: 27 }).hidden).toEqual(['detail', 'extra']);
    expect(renderTable(COLUMNS, ROWS, { width: 10 }).hidden).toEqual(['detail', 'count', 'extra']);
    expect(renderTable(COLUMNS, ROWS, { width: 10 }).text.split('\n')[1]).toBe('openai     healthy');
  });

  it('wide shows every column whatever the width', () => {
    const table = renderTable(COLUMNS, ROWS, { width: 20, wide: true });
    expect(table.hidden).toEqual([]);
    expect(table.width).toBe(55);
  });

  it('sets a footer apart with a rule, and lays out multi-line cells', () => {
    const table = renderTable<{ a: string; b: string }>(
      [{ header: 'a', value: (row) => row.a }, { header: 'b', value: (row) => row.b, align: 'right' }],
      [{ a: 'x', b: '1\n22' }],
      { width: 80, footer: [{ a: 'total', b: '23' }] },
    );
    expect(table.text).toBe(['a       b', 'x       1', '       22', '─────────', 'total  23'].join('\n'));
  });

  it('colours the header bold and cells by tone only when the style is on, and measures without the codes', () => {
    const table = renderTable(COLUMNS, ROWS, { width: 200, style: createStyle(true) });
    expect(table.text).toContain('\u001b[1mname\u001b[22m');
    expect(table.text).toContain('\u001b[31mdown\u001b[39m');
    expect(stripAnsi(table.text)).toBe(renderTable(COLUMNS, ROWS, { width: 200 }).text);
    expect(table.width).toBe(55);
  });

  it('headerless blocks and an indent', () => {
    const table = renderTable(COLUMNS.slice(0, 2), ROWS, { width: 80, headerless: true, indent: 2 });
    expect(table.text).toBe(['  openai     healthy', '  anthropic  down'].join('\n'));
    expect(naturalTableWidth(COLUMNS.slice(0, 2), ROWS)).toBe(18);
  });
});

describe('table helpers', () => {
  it('cut marks the cut with an ellipsis', () => {
    expect(cut('abcdef', 6)).toBe('abcdef');
    expect(cut('abcdef', 4)).toBe('abc…');
  });

  it('wrapText breaks at spaces with a hanging indent, and cuts words longer than a line', () => {
    expect(wrapText('one two three four', 9, 2)).toEqual(['one two', '  three', '  four']);
    expect(wrapText('x'.repeat(12), 5)).toEqual(['xxxxx', 'xxxxx', 'xx']);
    expect(wrapText('a  b\n c', 80)).toEqual(['a b c']);
  });

  it('hiddenNote names the dropped columns once, or nothing', () => {
    expect(hiddenNote([], 80)).toBeUndefined();
    expect(hiddenNote(['p95', 'type', 'p95'], 80)).toBe('(hidden to fit 80 columns: p95, type; --wide shows all)');
  });
});

describe('colour only on a terminal', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a terminal', tty, {}, undefined, true],
    ['a pipe', pipe, {}, undefined, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, undefined, false],
    ['an empty NO_COLOR', tty, { NO_COLOR: '' }, undefined, true],
    ['--no-color on a terminal', tty, {}, false, false],
    ['FORCE_COLOR into a pipe', pipe, { FORCE_COLOR: '1' }, undefined, true],
    ['FORCE_COLOR over NO_COLOR', pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }, undefined, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, undefined, false],
    ['--no-color over FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, false, false],
    ['TERM=dumb', tty, { TERM: 'dumb' }, undefined, false],
  ])('%s', (_name, stream, env, flag, expected) => {
    expect(colorEnabled(stream, { env, flag })).toBe(expected);
  });
});

describe('terminalColumns', () => {
  it('COLUMNS, else the terminal, else 120 for a pipe', () => {
    expect(terminalColumns({ isTTY: true, columns: 93 }, { COLUMNS: '80' })).toBe(80);
    expect(terminalColumns({ isTTY: true, columns: 93 }, {})).toBe(93);
    expect(terminalColumns({ isTTY: false }, {})).toBe(PIPED_COLUMNS);
    expect(terminalColumns({ isTTY: false }, { COLUMNS: 'wide' })).toBe(PIPED_COLUMNS);
    expect(terminalColumns({ isTTY: true, columns: 12 }, {})).toBe(40);
  });
});
