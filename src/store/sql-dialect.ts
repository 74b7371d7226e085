/**
 * The few spellings in which SQLite and PostgreSQL differ, for the query builders both ledgers share
 * (cost-query-sql.ts, ledger-filter-sql.ts). Builders write `?` placeholders; the PostgreSQL ledger
 * numbers them ($1, $2, ...) with `numberPlaceholders`.
 */
export interface SqlDialect {
  name: 'sqlite' | 'postgres';
  /** Sum of `expression`, 0 (never NULL) over no rows: SQLite's TOTAL. */
  total(expression: string): string;
  /** How many rows satisfy `condition`. */
  countWhere(condition: string): string;
  /** A condition that always holds. */
  true: string;
  /** A join of each attempt (alias `a`) with its tags as rows `t(key, value)`; none: one row of NULLs. */
  tagJoin: string;
  /** `key=value` of a tag row, compared byte-wise. */
  tagLabel: string;
  /** One `(label, start_ms, end_ms)` row of parameters in a VALUES list. */
  dayRow: string;
  /** A `(label, start_ms, end_ms)` relation with no rows. */
  noDays: string;
  /** Null-safe equality and inequality. */
  same(a: string, b: string): string;
  differs(a: string, b: string): string;
  /** The smaller of two values. */
  least(a: string, b: string): string;
}

export const SQLITE: SqlDialect = {
  name: 'sqlite',
  total: (expression) => `TOTAL(${expression})`,
  countWhere: (condition) => `TOTAL(${condition})`,
  true: '1',
  tagJoin: ' LEFT JOIN json_each(a.tags) AS t',
  tagLabel: "t.key || '=' || t.value",
  dayRow: '(?, ?, ?)',
  noDays: 'SELECT NULL, 0, 0 WHERE 0',
  same: (a, b) => `${a} IS ${b}`,
  differs: (a, b) => `${a} IS NOT ${b}`,
  least: (a, b) => `MIN(${a}, ${b})`,
};

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  // SUM of BIGINT is NUMERIC: cast, so every total reads back as a JS number.
  total: (expression) => `COALESCE(SUM(${expression}), 0)::float8`,
  countWhere: (condition) => `COUNT(*) FILTER (WHERE ${condition})`,
  true: 'TRUE',
  tagJoin: ' LEFT JOIN LATERAL jsonb_each_text(a.tags::jsonb) AS t ON TRUE',
  tagLabel: `(t.key || '=' || t.value) COLLATE "C"`,
  dayRow: '(?::text, ?::bigint, ?::bigint)',
  noDays: 'SELECT NULL::text, 0::bigint, 0::bigint WHERE FALSE',
  same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
  differs: (a, b) => `${a} IS DISTINCT FROM ${b}`,
  least: (a, b) => `LEAST(${a}, ${b})`,
};

/**
 * `?` -> `$1`, `$2`, ... outside quoted strings and identifiers. The builders' SQL never holds a `?`
 * operator (jsonb's), so every bare one is a parameter.
 */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  let out = '';
  let quote: string | null = null;
  for (const char of sql) {
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '?') {
      index += 1;
      out += `$${index}`;
      continue;
    }
    out += char;
  }
  return out;
}
