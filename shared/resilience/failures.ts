import { StoreError, StoreUnavailableError } from '../store/errors.js';

const STATUS_FIELDS = ['httpStatus', 'statusCode', 'status'] as const;

// A timeout or a throttle answer is the dependency struggling, not the caller being wrong.
const PRESSURE = new Set([408, 429]);

/** The 4xx-style status an error carries (domain errors expose `httpStatus`, HTTP clients `status`/`statusCode`). */
function clientStatus(error: object): boolean {
  return STATUS_FIELDS.some((field) => {
    const value = (error as Record<string, unknown>)[field];
    return typeof value === 'number' && value >= 400 && value < 500 && !PRESSURE.has(value);
  });
}

/**
 * The default classifier: an error counts against the dependency unless it is the caller's own
 * doing. A 4xx-style error (bad input, not found, conflict) proves the dependency answered; the
 * store's own caller errors — a failed condition, an invalid request or cursor, and contention
 * between writers (TransactionConflictError: the store is busy serving others, not broken) — too.
 * Unavailability, timeouts and anything unknown count.
 */
export function isDependencyFailure(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (error instanceof StoreError) return false;
  if (typeof error === 'object' && error !== null && clientStatus(error)) return false;
  return true;
}
