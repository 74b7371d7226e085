import { StoreError } from '../../spec/errors.js';
import { redactSecrets } from '../../shared/redact-secrets.js';
import type { PostgresLocation } from '../store-location.js';

/** Network failures: the server could not be reached or went away. */
const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running, and listening on that address?)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed',
};

/** Server error classes (SQLSTATE) llmx explains; others show the server's own message. */
const SQLSTATE: Record<string, (location: PostgresLocation, message: string) => string> = {
  '28P01': (location) => `password authentication failed for user "${userOf(location)}"`,
  '28000': (_, message) => `the server refused the login (${message})`,
  '3D000': (location) => `database "${location.database}" does not exist (create it: createdb -h ${location.host} -p ${location.port} ${location.database})`,
  '42501': (location, message) =>
    `user "${userOf(location)}" may not create or change llmx's tables (${message}); let the database's owner run llmx once, or GRANT CREATE ON SCHEMA public TO "${userOf(location)}"`,
  '53300': () => 'the server has no connection slots left (too many clients)',
  '57P01': () => 'the server shut down',
  '57P02': () => 'the server crashed',
  '57P03': () => 'the server is starting up or shutting down',
};

/** Whether `error` says the server is out of reach (as opposed to refusing what llmx asked). */
export function isUnreachable(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (code in UNREACHABLE_CODES || code.startsWith('57P') || code === '08006' || code === '08001')) return true;
  const message = error instanceof Error ? error.message : '';
  return /timeout|terminated|Connection terminated|not queryable|ended/i.test(message);
}

/**
 * Any failure of the pg driver as one StoreError line naming the server and database, never the
 * password (the URL is shown without userinfo; the driver's message passes through redactSecrets).
 * `doing` says what failed ("cannot connect", "cannot write the ledger").
 */
export function postgresStoreError(error: unknown, location: PostgresLocation, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  const raw = error instanceof Error ? error.message : String(error);
  const message = redactSecrets(raw.split('\n')[0]!, [passwordOf(location), process.env.PGPASSWORD]);
  let reason: string;
  if (code !== undefined && code in UNREACHABLE_CODES) reason = UNREACHABLE_CODES[code]!;
  else if (code !== undefined && code in SQLSTATE) reason = SQLSTATE[code]!(location, message);
  else if (/timeout expired|connection timeout/i.test(raw)) reason = 'no answer within the connect timeout (store.connect_timeout_ms)';
  else if (/password must be a string|no password/i.test(raw)) reason = 'the server asks for a password and none was given (put it in the URL, or set PGPASSWORD)';
  else if (/Connection terminated/i.test(raw)) reason = 'the server closed the connection';
  else reason = message;
  return new StoreError(`${location.shown}: ${doing}: ${reason}`, { cause: error });
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function userOf(location: PostgresLocation): string {
  return location.user || process.env.PGUSER || process.env.USER || 'postgres';
}

function passwordOf(location: PostgresLocation): string | undefined {
  try {
    return decodeURIComponent(new URL(location.url).password) || undefined;
  } catch {
    return undefined;
  }
}
