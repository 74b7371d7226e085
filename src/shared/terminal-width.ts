/** The width used when there is no terminal to measure (a pipe, a file, CI): wide enough for every table's main columns. */
export const PIPED_COLUMNS = 120;

/** Below this a table cannot say anything useful; narrower terminals still get 40-column layouts. */
const MIN_COLUMNS = 40;

/**
 * The width tables and views fit into: `COLUMNS` when set to a number (a user's override, and how tests
 * pin it), else the terminal's width when `stream` is one, else 120.
 */
export function terminalColumns(stream: { isTTY?: boolean; columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  if (env.COLUMNS !== undefined && /^\d+$/.test(env.COLUMNS.trim()) && fromEnv > 0) return Math.max(MIN_COLUMNS, fromEnv);
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return Math.max(MIN_COLUMNS, stream.columns);
  return PIPED_COLUMNS;
}
