/** Base of every store failure; `code` is stable and safe to show, `message` never names a table. */
export class StoreError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** A condition of an atomic write did not hold; nothing was written. */
export class ConditionFailedError extends StoreError {
  /** Index, in the submitted ops, of the op whose condition failed (when the store tells). */
  readonly failedIndex: number | undefined;
  constructor(failedIndex?: number, options?: ErrorOptions) {
    super('CONDITION_FAILED', 'A condition of the write did not hold', options);
    this.name = 'ConditionFailedError';
    this.failedIndex = failedIndex;
  }
}

/** Another writer touched the same items at the same moment; safe to retry. */
export class TransactionConflictError extends StoreError {
  constructor(options?: ErrorOptions) {
    super('TRANSACTION_CONFLICT', 'The write conflicted with a concurrent write', options);
    this.name = 'TransactionConflictError';
  }
}

/** The store cannot be reached or is throttling; callers answer 503 with Retry-After. */
export class StoreUnavailableError extends StoreError {
  constructor(options?: ErrorOptions) {
    super('STORE_UNAVAILABLE', 'The data store is unavailable', options);
    this.name = 'StoreUnavailableError';
  }
}

/** A pagination cursor that this store did not issue (or that was edited). */
export class InvalidCursorError extends StoreError {
  constructor(options?: ErrorOptions) {
    super('INVALID_CURSOR', 'The pagination cursor is not valid', options);
    this.name = 'InvalidCursorError';
  }
}

/** A request the port forbids: too many items, duplicate items in one write, unknown index. */
export class InvalidStoreRequestError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_STORE_REQUEST', message, options);
    this.name = 'InvalidStoreRequestError';
  }
}
