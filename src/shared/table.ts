import { createStyle, visibleWidth, type Style, type Tone } from './color.js';

/**
 * The one table of llmx's text output: borderless and compact (a header line, then one line per row,
 * columns two spaces apart, no rules between rows), fitted to a width. A table declares what matters:
 * columns without a `priority` always show; the others are dropped to fit, the highest number first,
 * after free-text columns (`shrinkTo`) have been cut as far as they may be. What was dropped is returned
 * so the caller can name it (`hiddenNote`); `wide` shows everything whatever the width.
 */
export interface TableColumn<Row> {
  header: string;
  /** The cell's plain text; a newline starts another line of the same row. */
  value(row: Row): string;
  align?: 'left' | 'right';
  /** Dropped to fit: the highest number goes first (ties: the rightmost). Absent: never dropped. */
  priority?: number;
  /** May be cut with an ellipsis down to this many columns before any column is dropped. */
  shrinkTo?: number;
  /** The cell's colour, when colour is on. */
  tone?(row: Row): Tone | undefined;
}

export interface TableOptions<Row> {
  /** Columns to fit into (see terminalColumns). */
  width: number;
  /** Show every column, however wide the table gets (`--wide`). */
  wide?: boolean;
  /** Default: no colour. */
  style?: Style;
  /** Rows set apart below a rule: a totals row. */
  footer?: readonly Row[];
  /** Spaces before every line. Default 0. */
  indent?: number;
  /** Leave the header line out (a block of label and value under its own title). */
  headerless?: boolean;
}

export interface RenderedTable {
  /** The lines, joined with newlines, without a final newline. */
  text: string;
  /** Headers of the columns dropped to fit, in table order. */
  hidden: string[];
  /** The widest line, in columns. */
  width: number;
}

const GAP = 2;

export function renderTable<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[], options: TableOptions<Row>): RenderedTable {
  const style = options.style ?? createStyle(false);
  const footer = options.footer ?? [];
  const indent = options.indent ?? 0;
  const cells = (row: Row) => columns.map((column) => column.value(row).split('\n'));
  const body = rows.map(cells);
  const foot = footer.map(cells);
  const headerWidth = (column: TableColumn<Row>) => (options.headerless ? 0 : visibleWidth(column.header));
  const natural = columns.map((column, index) =>
    Math.max(headerWidth(column), ...[...body, ...foot].flatMap((row) => row[index].map(visibleWidth))),
  );
  const layout = fitColumns(columns, natural, options.wide ? Infinity : options.width - indent);
  const shown = layout.widths.map((width, index) => ({ index, width })).filter((entry) => entry.width !== null) as Array<{ index: number; width: number }>;
  const pad = ' '.repeat(indent);

  const line = (texts: string[], tone: (index: number) => Tone | undefined, header = false): string => {
    const parts = shown.map(({ index, width }, position) => {
      const text = cut(texts[index] ?? '', width);
      const space = ' '.repeat(width - visibleWidth(text));
      const last = position === shown.length - 1;
      const painted = header ? style.header(text) : style.tone(tone(index), text);
      if (columns[index].align === 'right') return `${space}${painted}`;
      return last ? painted : `${painted}${space}`;
    });
    return `${pad}${parts.join(' '.repeat(GAP))}`.trimEnd();
  };
  const rowLines = (row: Row, rowCells: string[][]): string[] => {
    const height = Math.max(1, ...rowCells.map((cell) => cell.length));
    const tones = columns.map((column) => column.tone?.(row));
    return Array.from({ length: height }, (_, at) => line(rowCells.map((cell) => cell[at] ?? ''), (index) => tones[index]));
  };

  const lines = options.headerless ? [] : [line(columns.map((column) => column.header), () => undefined, true)];
  rows.forEach((row, index) => lines.push(...rowLines(row, body[index])));
  const tableWidth = indent + shown.reduce((sum, entry) => sum + entry.width, 0) + GAP * Math.max(0, shown.length - 1);
  if (footer.length > 0) {
    lines.push(`${pad}${style.dim('─'.repeat(tableWidth - indent))}`);
    footer.forEach((row, index) => lines.push(...rowLines(row, foot[index])));
  }
  return {
    text: lines.join('\n'),
    hidden: layout.hidden.map((index) => columns[index].header),
    width: Math.max(...lines.map(visibleWidth)),
  };
}

/** The width a table takes with every column at its natural width (to choose between layouts). */
export function naturalTableWidth<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[]): number {
  const widths = columns.map((column) => Math.max(visibleWidth(column.header), ...rows.flatMap((row) => column.value(row).split('\n').map(visibleWidth))));
  return widths.reduce((sum, width) => sum + width, 0) + GAP * Math.max(0, columns.length - 1);
}

/**
 * Widths that fit `available`: natural widths, then shrinkable columns cut towards their minimum
 * (the widest first), then columns dropped by priority, shrinking again after each drop (a dropped
 * column frees room the others may take back). A table of columns that must show may still overflow.
 */
function fitColumns<Row>(columns: readonly TableColumn<Row>[], natural: number[], available: number): { widths: Array<number | null>; hidden: number[] } {
  const visible = columns.map(() => true);
  const hidden: number[] = [];
  for (;;) {
    const widths = shrink(columns, natural, visible, available);
    const total = widths.reduce<number>((sum, width) => sum + (width ?? 0), 0) + GAP * Math.max(0, visible.filter(Boolean).length - 1);
    if (total <= available) return { widths, hidden: hidden.sort((a, b) => a - b) };
    const drop = dropCandidate(columns, visible);
    if (drop === undefined) return { widths, hidden: hidden.sort((a, b) => a - b) };
    visible[drop] = false;
    hidden.push(drop);
  }
}

function shrink<Row>(columns: readonly TableColumn<Row>[], natural: number[], visible: boolean[], available: number): Array<number | null> {
  const widths: Array<number | null> = natural.map((width, index) => (visible[index] ? width : null));
  const count = visible.filter(Boolean).length;
  let excess = widths.reduce<number>((sum, width) => sum + (width ?? 0), 0) + GAP * Math.max(0, count - 1) - available;
  while (excess > 0) {
    // The shrinkable column with the most room above its minimum gives a column at a time.
    let best = -1;
    let room = 0;
    widths.forEach((width, index) => {
      const minimum = columns[index].shrinkTo;
      if (width === null || minimum === undefined) return;
      const own = width - Math.max(minimum, 1);
      if (own > room) {
        best = index;
        room = own;
      }
    });
    if (best === -1) break;
    (widths[best] as number) -= 1;
    excess -= 1;
  }
  return widths;
}

function dropCandidate<Row>(columns: readonly TableColumn<Row>[], visible: boolean[]): number | undefined {
  let candidate: number | undefined;
  columns.forEach((column, index) => {
    if (!visible[index] || column.priority === undefined) return;
    if (candidate === undefined || column.priority >= (columns[candidate].priority as number)) candidate = index;
  });
  return candidate;
}

/** `text` cut to `width` columns, an ellipsis marking the cut. */
export function cut(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const points = [...text];
  return width <= 1 ? points.slice(0, width).join('') : `${points.slice(0, width - 1).join('')}…`;
}

/**
 * The line under a table that names what did not fit, or undefined when everything showed:
 * "(hidden to fit 80 columns: p95 1h, errors 1h; --wide shows all)".
 */
export function hiddenNote(hidden: readonly string[], width: number, style: Style = createStyle(false)): string | undefined {
  const names = [...new Set(hidden)].filter(Boolean);
  if (names.length === 0) return undefined;
  return style.dim(`(hidden to fit ${width} columns: ${names.join(', ')}; --wide shows all)`);
}

/**
 * `text` broken into lines of at most `width` columns at spaces (a longer word is cut into pieces),
 * later lines indented by `hang` spaces: for an error or a reason printed below a table.
 */
export function wrapText(text: string, width: number, hang = 0): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let current = '';
  const limit = () => (lines.length === 0 ? width : width - hang);
  for (let word of words) {
    while (visibleWidth(word) > limit() && limit() > 0) {
      if (current) {
        lines.push(current);
        current = '';
      }
      const points = [...word];
      lines.push(points.slice(0, limit()).join(''));
      word = points.slice(limit()).join('');
    }
    if (!word) continue;
    if (!current) current = word;
    else if (visibleWidth(current) + 1 + visibleWidth(word) <= limit()) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines.map((line, index) => (index === 0 ? line : `${' '.repeat(hang)}${line}`));
}
