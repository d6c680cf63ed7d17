import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { toStoreError } from '../../../shared/adapters/store/dynamodb/errors.js';
import {
  ConditionFailedError,
  InvalidCursorError,
  InvalidStoreRequestError,
  StoreUnavailableError,
  TransactionConflictError,
} from '../../../shared/store/errors.js';

const TABLE = 'fundcast-prod-main-7F3A';
const sdkError = (name: string, message = `Requested resource ${TABLE} failed`) =>
  Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled on ${TABLE}`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('DynamoDB error mapping', () => {
  it.each([
    ['a failed single-item condition', new ConditionalCheckFailedException({ message: TABLE, $metadata: {} }), ConditionFailedError],
    ['a cancelled transaction with a failed condition', cancelled('None', 'ConditionalCheckFailed'), ConditionFailedError],
    ['a cancelled transaction with a conflict', cancelled('None', 'TransactionConflict'), TransactionConflictError],
    ['a cancelled transaction with an invalid item', cancelled('ValidationError', 'None'), InvalidStoreRequestError],
    ['a cancelled transaction under throttling', cancelled('ThrottlingError'), StoreUnavailableError],
    ['a conflict with an ongoing transaction', sdkError('TransactionConflictException'), TransactionConflictError],
    ['the same token still in progress', sdkError('TransactionInProgressException'), TransactionConflictError],
    ['a token reused for another write', sdkError('IdempotentParameterMismatchException'), InvalidStoreRequestError],
    ['an invalid request', sdkError('ValidationException'), InvalidStoreRequestError],
    ['provisioned throughput exceeded', sdkError('ProvisionedThroughputExceededException'), StoreUnavailableError],
    ['throttling', sdkError('ThrottlingException'), StoreUnavailableError],
    ['a missing table', sdkError('ResourceNotFoundException'), StoreUnavailableError],
    ['an internal server error', Object.assign(sdkError('InternalServerError'), { $fault: 'server' }), StoreUnavailableError],
    ['a refused connection', Object.assign(new Error(`connect ECONNREFUSED for ${TABLE}`), { code: 'ECONNREFUSED' }), StoreUnavailableError],
    ['a request timeout', sdkError('TimeoutError'), StoreUnavailableError],
  ])('maps %s', (_label, error, expected) => {
    const mapped = toStoreError(error);

    expect(mapped).toBeInstanceOf(expected);
    expect(mapped.cause).toBe(error);
    expect(mapped.message).not.toContain(TABLE);
    expect(mapped.message).not.toMatch(/Exception|ECONN/);
  });

  it('reports the index of the first failed condition in a transaction', () => {
    const mapped = toStoreError(cancelled('None', 'None', 'ConditionalCheckFailed', 'ConditionalCheckFailed'));

    expect((mapped as ConditionFailedError).failedIndex).toBe(2);
  });

  it('treats a single-item condition failure as op 0', () => {
    const mapped = toStoreError(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));

    expect((mapped as ConditionFailedError).failedIndex).toBe(0);
  });

  it('reads a ValidationException on a query with a cursor as a bad cursor', () => {
    expect(toStoreError(sdkError('ValidationException'), { withCursor: true })).toBeInstanceOf(InvalidCursorError);
  });
});
