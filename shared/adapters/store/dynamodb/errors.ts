import {
  ConditionFailedError,
  InvalidCursorError,
  InvalidStoreRequestError,
  StoreError,
  StoreUnavailableError,
  TransactionConflictError,
} from '../../../store/errors.js';

/**
 * Maps SDK and network errors onto the port's errors. The port errors carry fixed messages, so
 * neither a physical table name nor an SDK error name can leak to a caller; the original error
 * stays available as `cause` for logs.
 */
export interface ErrorContext {
  /** A query that carried a cursor: DynamoDB's ValidationException then means a bad start key. */
  withCursor?: boolean;
}

interface SdkErrorShape {
  name?: unknown;
  CancellationReasons?: { Code?: string }[];
}

function cancellation(reasons: { Code?: string }[], cause: unknown): StoreError {
  const failed = reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
  if (failed >= 0) return new ConditionFailedError(failed, { cause });
  const codes = new Set(reasons.map((reason) => reason.Code));
  if (codes.has('TransactionConflict')) return new TransactionConflictError({ cause });
  if (codes.has('ValidationError')) {
    return new InvalidStoreRequestError('The store rejected an operation as invalid', { cause });
  }
  return new StoreUnavailableError({ cause }); // throttling, capacity or unknown reasons
}

export function toStoreError(error: unknown, context: ErrorContext = {}): StoreError {
  if (error instanceof StoreError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof shape.name === 'string' ? shape.name : '';
  switch (name) {
    case 'ConditionalCheckFailedException':
      return new ConditionFailedError(0, { cause: error });
    case 'TransactionCanceledException':
      return cancellation(Array.isArray(shape.CancellationReasons) ? shape.CancellationReasons : [], error);
    case 'TransactionConflictException':
    case 'TransactionInProgressException': // the same token is still being applied: retry later
      return new TransactionConflictError({ cause: error });
    case 'IdempotentParameterMismatchException':
      return new InvalidStoreRequestError('The idempotency token was reused for a different write', { cause: error });
    case 'ValidationException':
      return context.withCursor === true
        ? new InvalidCursorError({ cause: error })
        : new InvalidStoreRequestError('The store rejected the request as invalid', { cause: error });
  }
  // Everything else — throttling (ProvisionedThroughputExceeded, ThrottlingException,
  // RequestLimitExceeded), 5xx, a missing table, timeouts and network failures (ECONNREFUSED,
  // ECONNRESET, DNS) — means callers cannot use the store right now: 503 with Retry-After.
  return new StoreUnavailableError({ cause: error });
}
