/**
 * The one decision about colour, and the one palette. Colour is for a person at a terminal: a pipe or
 * a file gets plain text whatever else is set, unless FORCE_COLOR asks for it. The order, first match wins:
 *   1. `--no-color` given: no colour;
 *   2. FORCE_COLOR set: "0" or "false" turns colour off, anything else on, terminal or not
 *      (Node's and chalk's convention; it wins over NO_COLOR as in Node);
 *   3. NO_COLOR set and not empty: no colour (https://no-color.org);
 *   4. otherwise: colour when the stream is a terminal and TERM is not "dumb".
 */
export interface ColorSettings {
  /** False when `--no-color` was given. Default true. */
  flag?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function colorEnabled(stream: { isTTY?: boolean }, settings: ColorSettings = {}): boolean {
  if (settings.flag === false) return false;
  const env = settings.env ?? process.env;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** What a cell or word means; the palette picks its colour. */
export type Tone = 'good' | 'warn' | 'bad' | 'muted' | 'accent';

export interface Style {
  readonly enabled: boolean;
  /** The one header style of every table and view: bold. */
  header(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
  tone(tone: Tone | undefined, text: string): string;
}

const TONES: Record<Tone, [string, string]> = {
  good: ['\u001b[32m', '\u001b[39m'],
  warn: ['\u001b[33m', '\u001b[39m'],
  bad: ['\u001b[31m', '\u001b[39m'],
  muted: ['\u001b[90m', '\u001b[39m'],
  accent: ['\u001b[36m', '\u001b[39m'],
};

const PLAIN: Style = {
  enabled: false,
  header: (text) => text,
  bold: (text) => text,
  dim: (text) => text,
  tone: (_tone, text) => text,
};

const COLORED: Style = {
  enabled: true,
  header: (text) => (text ? `\u001b[1m${text}\u001b[22m` : text),
  bold: (text) => (text ? `\u001b[1m${text}\u001b[22m` : text),
  dim: (text) => (text ? `\u001b[2m${text}\u001b[22m` : text),
  tone: (tone, text) => (tone === undefined || !text ? text : `${TONES[tone][0]}${text}${TONES[tone][1]}`),
};

export function createStyle(enabled: boolean): Style {
  return enabled ? COLORED : PLAIN;
}

// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\u001b\[[0-9;]*m/g;

/** The text without colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}

/** Columns a text occupies on a terminal: colour codes take none; each code point takes one. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of stripAnsi(text)) width++;
  return width;
}
