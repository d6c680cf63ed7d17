import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { encodeCursor } from '../../../store/cursor.js';
import { InvalidStoreRequestError, StoreUnavailableError } from '../../../store/errors.js';
import type { Item, ItemKey, ItemStore, Page, Query, WriteOp, WriteOptions } from '../../../store/port.js';
import { planQuery } from '../../../store/query-plan.js';
import { TABLE_NAMES, type TableName } from '../../../store/tables.js';
import { checkKey, tableDefinition, validateBatchGet, validateWrite } from '../../../store/validation.js';
import { toStoreError, type ErrorContext } from './errors.js';
import { ExpressionBuilder } from './expressions.js';
import { sendSingle, toTransactItem } from './write-requests.js';

export interface DynamoDbItemStoreOptions {
  /** A client from createDynamoDbClient; it belongs to the caller, who destroys it. */
  client: DynamoDBClient;
  /** Physical table name of each logical table (from CDK outputs / env). */
  tableNames: Record<TableName, string>;
}

/** BatchGetItem may leave keys unprocessed under load; retry those a few times with backoff. */
const BATCH_GET_ATTEMPTS = 6;
const BATCH_GET_BASE_DELAY_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const identity = (key: ItemKey) => JSON.stringify([key.pk, key.sk]);

/**
 * The cloud ItemStore on DynamoDB (DocumentClient). A write of one put/update/delete without an
 * idempotency token is a single conditional PutItem/UpdateItem/DeleteItem; anything else (several
 * ops, a lone check, or a token to honour) is one TransactWriteItems. Reads are strongly
 * consistent by default (balances and orders must never be stale); index queries cannot be.
 */
export class DynamoDbItemStore implements ItemStore {
  readonly #documents: DynamoDBDocumentClient;
  /** The caller's client, whose middleware stack the store's requests run through (e.g. a test's dynalite shim). */
  readonly client: DynamoDBClient;
  readonly #tableNames: Record<TableName, string>;
  #closed = false;

  constructor(options: DynamoDbItemStoreOptions) {
    for (const table of TABLE_NAMES) {
      if (typeof options.tableNames[table] !== 'string' || options.tableNames[table].length === 0) {
        throw new InvalidStoreRequestError('tableNames must give a physical name for every logical table');
      }
    }
    this.#tableNames = { ...options.tableNames };
    this.client = options.client;
    this.#documents = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async get(table: TableName, key: ItemKey, options?: { consistent?: boolean }): Promise<Item | undefined> {
    return this.#call(async () => {
      const definition = tableDefinition(table);
      checkKey(key);
      const output = await this.#documents.send(
        new GetCommand({
          TableName: this.#physical(table),
          Key: { [definition.partitionKey]: key.pk, [definition.sortKey]: key.sk },
          ConsistentRead: options?.consistent ?? true,
        }),
      );
      return output.Item as Item | undefined;
    });
  }

  async batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    return this.#call(async () => {
      validateBatchGet(table, keys);
      const definition = tableDefinition(table);
      const name = this.#physical(table);
      // BatchGetItem rejects duplicate keys; ask once and answer every position that asked.
      const unique = [...new Map(keys.map((key) => [identity(key), key])).values()];
      let pending = unique.map((key) => ({ [definition.partitionKey]: key.pk, [definition.sortKey]: key.sk }));
      const found = new Map<string, Item>();
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= BATCH_GET_ATTEMPTS) throw new StoreUnavailableError();
        if (attempt > 0) await sleep(BATCH_GET_BASE_DELAY_MS * 2 ** attempt * (0.5 + Math.random()));
        const output = await this.#documents.send(
          new BatchGetCommand({ RequestItems: { [name]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of (output.Responses?.[name] ?? []) as Item[]) found.set(identity(item), item);
        pending = output.UnprocessedKeys?.[name]?.Keys ?? [];
      }
      return keys.map((key) => found.get(identity(key))).filter((item): item is Item => item !== undefined);
    });
  }

  async query(table: TableName, query: Query): Promise<Page> {
    const context: ErrorContext = { withCursor: query?.cursor !== undefined };
    return this.#call(async () => {
      const plan = planQuery(table, query);
      const builder = new ExpressionBuilder();
      const keyCondition = builder.keyCondition(plan.partitionAttribute, plan.partition, plan.sortAttribute, plan.sort);
      const output = await this.#documents.send(
        new QueryCommand({
          TableName: this.#physical(table),
          ...(plan.index === undefined ? { ConsistentRead: true } : { IndexName: plan.index }),
          KeyConditionExpression: keyCondition,
          ...builder.attributes(),
          ScanIndexForward: !plan.descending,
          Limit: plan.limit,
          ...(plan.startKey === undefined ? {} : { ExclusiveStartKey: plan.startKey }),
        }),
      );
      const items = (output.Items ?? []) as Item[];
      const last = output.LastEvaluatedKey;
      if (last === undefined) return { items };
      const key = Object.fromEntries(plan.cursorAttributes.map((name) => [name, String(last[name])]));
      return { items, cursor: encodeCursor(key) };
    }, context);
  }

  async write(ops: WriteOp[], options?: WriteOptions): Promise<void> {
    return this.#call(async () => {
      const token = options?.idempotencyToken;
      validateWrite(ops, token);
      const [only] = ops;
      if (only === undefined) return;
      const physical = (table: TableName) => this.#physical(table);
      if (ops.length === 1 && only.type !== 'check' && token === undefined) {
        await sendSingle(this.#documents, only, physical);
        return;
      }
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: ops.map((op) => toTransactItem(op, physical)),
          // Without a token the SDK generates one per call, which keeps its own retries idempotent.
          ...(token === undefined ? {} : { ClientRequestToken: token }),
        }),
      );
    });
  }

  /** Marks the store closed; the DynamoDBClient belongs to whoever created it. */
  async close(): Promise<void> {
    this.#closed = true;
  }

  #physical(table: TableName): string {
    return this.#tableNames[table];
  }

  async #call<T>(action: () => Promise<T>, context?: ErrorContext): Promise<T> {
    if (this.#closed) throw new StoreUnavailableError();
    try {
      return await action();
    } catch (error) {
      throw toStoreError(error, context);
    }
  }
}
