import { decodeCursor, type CursorKey } from './cursor.js';
import { InvalidCursorError, InvalidStoreRequestError } from './errors.js';
import { compareUtf8, sortConditionHolds } from './key-order.js';
import { MAX_PAGE_SIZE, type Query, type SortKeyCondition } from './port.js';
import type { TableName } from './tables.js';
import { tableDefinition } from './validation.js';

/**
 * A query after validation, in the terms both adapters need: which attributes form the key being
 * queried, which attributes a cursor carries, the capped page size and the decoded start key.
 */
export interface QueryPlan {
  table: TableName;
  index: string | undefined;
  partitionAttribute: string;
  sortAttribute: string;
  partition: string;
  sort: SortKeyCondition | undefined;
  /** Attributes of a cursor: the table key, then (on an index) the index key. */
  cursorAttributes: string[];
  limit: number;
  descending: boolean;
  /** Decoded cursor, already checked to lie inside this query's partition and sort range. */
  startKey: CursorKey | undefined;
}

function invalid(message: string): never {
  throw new InvalidStoreRequestError(message);
}

function checkSortValue(value: unknown): void {
  // DynamoDB rejects empty or over-long key values in key conditions.
  if (typeof value !== 'string' || value.length === 0) invalid('Sort key conditions need non-empty strings');
  if (Buffer.byteLength(value, 'utf8') > 1024) invalid('A sort key condition value is too long');
}

function checkSortCondition(sort: SortKeyCondition): void {
  switch (sort.op) {
    case '=':
    case '<':
    case '<=':
    case '>':
    case '>=':
      checkSortValue(sort.value);
      return;
    case 'between':
      checkSortValue(sort.from);
      checkSortValue(sort.to);
      if (compareUtf8(sort.from, sort.to) > 0) invalid('between needs from <= to');
      return;
    case 'beginsWith':
      checkSortValue(sort.prefix);
      return;
    default:
      invalid('Unknown sort key condition');
  }
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return MAX_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1) invalid('limit must be a positive integer');
  return Math.min(limit, MAX_PAGE_SIZE);
}

/** Validates a query and decodes its cursor; throws InvalidStoreRequestError or InvalidCursorError. */
export function planQuery(table: TableName, query: Query): QueryPlan {
  const definition = tableDefinition(table);
  if (typeof query !== 'object' || query === null) invalid('A query is required');
  const cursorAttributes = [definition.partitionKey, definition.sortKey];
  let partitionAttribute = definition.partitionKey;
  let sortAttribute = definition.sortKey;
  if (query.index !== undefined) {
    const index = Object.hasOwn(definition.indexes, query.index) ? definition.indexes[query.index] : undefined;
    if (index === undefined) invalid('Unknown index');
    partitionAttribute = index.partitionKey;
    sortAttribute = index.sortKey;
    cursorAttributes.push(index.partitionKey, index.sortKey);
  }
  if (typeof query.partition !== 'string' || query.partition.length === 0) invalid('A partition is required');
  if (query.sort !== undefined) checkSortCondition(query.sort);
  if (query.direction !== undefined && query.direction !== 'asc' && query.direction !== 'desc') {
    invalid('direction must be asc or desc');
  }
  const plan: QueryPlan = {
    table,
    index: query.index,
    partitionAttribute,
    sortAttribute,
    partition: query.partition,
    sort: query.sort,
    cursorAttributes,
    limit: pageSize(query.limit),
    descending: query.direction === 'desc',
    startKey: undefined,
  };
  if (query.cursor !== undefined) {
    const startKey = decodeCursor(query.cursor, cursorAttributes);
    // DynamoDB refuses a start key outside the query's key range; SQLite must refuse it too.
    const sortValue = startKey[sortAttribute] ?? '';
    const inRange = query.sort === undefined || sortConditionHolds(query.sort, sortValue);
    if (startKey[partitionAttribute] !== query.partition || !inRange) throw new InvalidCursorError();
    plan.startKey = startKey;
  }
  return plan;
}
