import { StoreError } from '../spec/errors.js';
import { BUSY_TIMEOUT_MS } from './open-database.js';

/**
 * Turns SQLite's own failures met after opening (a page corrupted since, a lock held past the busy
 * timeout, a full disk) into one clear StoreError line naming the file, instead of an internal error.
 * Everything else passes through untouched.
 */
export function translateStoreError(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError(`${path}: the llmx database is corrupt (${message}); move it aside and llmx will start a new one`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(`${path}: the llmx database stayed locked by another process for over ${BUSY_TIMEOUT_MS} ms`, { cause: error });
  }
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`${path}: cannot write the llmx database (${message})`, { cause: error });
  }
  return error;
}

/** The same object, with every method's SQLite failures (thrown or rejected) translated. */
export function withStoreErrors<T extends object>(target: T, path: string): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(object, args);
        } catch (error) {
          throw translateStoreError(error, path);
        }
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translateStoreError(error, path))) : result;
      };
    },
  });
}
