import { resolve } from 'node:path';
import { StoreError } from '../spec/errors.js';
import { redactSecrets } from '../shared/redact-secrets.js';

/** Where the state and ledger live: a SQLite file, or a shared PostgreSQL database. */
export type StoreLocation = SqliteLocation | PostgresLocation;

export interface SqliteLocation {
  kind: 'sqlite';
  /** Absolute path of the file. */
  path: string;
  /** How messages name it: the path. */
  shown: string;
}

export interface PostgresLocation {
  kind: 'postgres';
  /** The URL as given (it may hold a password: never print it, print `shown`). */
  url: string;
  host: string;
  port: number;
  database: string;
  /** '' when the URL names none. */
  user: string;
  /** `postgres://host:port/database`: what messages name; never a password (nor the user, which a key may hide in). */
  shown: string;
}

const POSTGRES_SCHEMES = ['postgres:', 'postgresql:'];

/**
 * `scheme:` at the start, two letters or more (so `C:\x` stays a path). A value with `scheme://` is a
 * URL whatever the scheme; one of the PostgreSQL schemes without `//` is a malformed URL. Either way
 * it is never a file name: no directory named `postgres:` is ever created.
 */
const SCHEME = /^([a-z][a-z0-9+.-]+:)/i;

/**
 * Reads a `--db` / `LLMX_DB` / `store.url` value. `source` names where it came from in messages
 * ("--db", "LLMX_DB", "providers.yaml: store.url"). Throws StoreError (exit 3), one line that never
 * holds the password, for a malformed URL or a scheme llmx has no backend for.
 */
export function parseStoreLocation(value: string, source: string): StoreLocation {
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  const isUrl = scheme !== undefined && (value.slice(scheme.length).startsWith('//') || POSTGRES_SCHEMES.includes(scheme));
  if (!isUrl) {
    if (value.trim() === '') throw new StoreError(`${source}: empty; expected a SQLite file path or a postgres:// URL`);
    const path = resolve(value);
    return { kind: 'sqlite', path, shown: path };
  }
  if (!POSTGRES_SCHEMES.includes(scheme)) {
    throw new StoreError(
      `${source}: ${shownUrl(value)}: llmx has no store for "${scheme}//" URLs; use a SQLite file path or postgres://host:5432/database`,
    );
  }
  return parsePostgresUrl(value, source);
}

function parsePostgresUrl(value: string, source: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StoreError(`${source}: ${shownUrl(value)}: not a valid URL; expected postgres://host:5432/database`);
  }
  if (!value.slice(url.protocol.length).startsWith('//') || url.hostname === '') {
    throw new StoreError(`${source}: ${shownUrl(value)}: no host; expected postgres://host:5432/database`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) {
    throw new StoreError(`${source}: ${shownUrl(value)}: expected one database name after the host, as in postgres://${url.host}/llmx`);
  }
  const port = url.port === '' ? 5432 : Number(url.port);
  const user = decodeURIComponent(url.username);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const shown = `postgres://${url.hostname}:${port}/${encodeURIComponent(database)}`;
  return { kind: 'postgres', url: value, host, port, database, user, shown };
}

/**
 * A URL as messages may show it: without its userinfo (user and password), credential-looking query
 * values hidden. Everything before the last @ goes, as a password may hold an unescaped @ or /.
 */
function shownUrl(value: string): string {
  const bounded = value.length > 200 ? `${value.slice(0, 200)}...` : value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(bounded)?.[0] ?? '';
  const rest = bounded.slice(scheme.length);
  return `${scheme}${redactSecrets(rest.slice(rest.lastIndexOf('@') + 1))}`;
}
