import type { TableName } from './tables.js';

/** A value the store can hold. Money is integer cents, so numbers here are integers in practice. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** An item always carries its table's `pk` and `sk` strings. */
export type Item = { pk: string; sk: string } & Record<string, AttributeValue>;
export interface ItemKey {
  pk: string;
  sk: string;
}

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** A condition both adapters can evaluate; attribute paths are top-level names only. */
export type Condition =
  | { kind: 'itemExists' }
  | { kind: 'itemNotExists' }
  | { kind: 'attributeExists'; name: string }
  | { kind: 'attributeNotExists'; name: string }
  | { kind: 'compare'; name: string; op: Comparison; value: string | number | boolean }
  | { kind: 'and'; conditions: Condition[] }
  | { kind: 'or'; conditions: Condition[] };

/** DynamoDB update semantics: `set` overwrites, `add` increments a number (absent counts as 0), `remove` drops. */
export interface UpdateSpec {
  set?: Record<string, AttributeValue>;
  add?: Record<string, number>;
  remove?: string[];
}

export type WriteOp =
  | { type: 'put'; table: TableName; item: Item; condition?: Condition }
  | { type: 'update'; table: TableName; key: ItemKey; update: UpdateSpec; condition?: Condition }
  | { type: 'delete'; table: TableName; key: ItemKey; condition?: Condition }
  | { type: 'check'; table: TableName; key: ItemKey; condition: Condition };

export type SortKeyCondition =
  | { op: Exclude<Comparison, '<>'>; value: string }
  | { op: 'between'; from: string; to: string }
  | { op: 'beginsWith'; prefix: string };

export interface Query {
  /** Secondary index name from TABLES; omitted for the table's own key. */
  index?: string;
  /** Value of the (table or index) partition key. */
  partition: string;
  sort?: SortKeyCondition;
  /** Page size; adapters cap it at MAX_PAGE_SIZE. */
  limit?: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
  direction?: 'asc' | 'desc';
}

export interface Page {
  items: Item[];
  /** Present when more items may follow. */
  cursor?: string;
}

export interface WriteOptions {
  /** Makes a retried transaction a no-op on DynamoDB (ClientRequestToken, 36 characters max). */
  idempotencyToken?: string;
}

export const MAX_PAGE_SIZE = 100;
export const MAX_WRITE_ITEMS = 100;
export const MAX_BATCH_GET_KEYS = 100;

/**
 * The store port. Repositories are written once against this; the `sqlite` and `dynamodb`
 * adapters implement it on real databases.
 */
export interface ItemStore {
  get(table: TableName, key: ItemKey, options?: { consistent?: boolean }): Promise<Item | undefined>;
  /** Items that exist, in the order of `keys`; at most MAX_BATCH_GET_KEYS keys. */
  batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]>;
  query(table: TableName, query: Query): Promise<Page>;
  /** All ops succeed together or none is applied; at most MAX_WRITE_ITEMS ops, each on a distinct item. */
  write(ops: WriteOp[], options?: WriteOptions): Promise<void>;
  close(): Promise<void>;
}
