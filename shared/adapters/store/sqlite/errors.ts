import { StoreError, StoreUnavailableError, TransactionConflictError } from '../../../store/errors.js';

/**
 * Maps what better-sqlite3 throws onto the port's errors. Our own StoreErrors pass through;
 * SQLITE_BUSY / SQLITE_LOCKED that outlived busy_timeout is another writer holding the lock
 * (retryable conflict); any other SQLite failure (I/O, full disk, corrupt or read-only file,
 * closed connection) means the store is unusable. Anything else is a bug and is rethrown as is.
 */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = sqliteCode(error);
  if (code !== undefined) {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      return new TransactionConflictError({ cause: error });
    }
    return new StoreUnavailableError({ cause: error });
  }
  // better-sqlite3 throws a TypeError for a connection that has been closed under us.
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return new StoreUnavailableError({ cause: error });
  }
  return error;
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
