import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import type { Item, ItemKey, ItemStore, Page, Query, WriteOp, WriteOptions } from '../../../shared/store/port.js';
import type { TableName } from '../../../shared/store/tables.js';
import { createDynaliteClient, createFreshTables, startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';

/** A real store, fresh for each call: two handles on the same data, as two containers hold. */
export interface StoreKind {
  name: string;
  open(): Promise<[ItemStore, ItemStore]>;
}

/**
 * SQLite (in memory) and DynamoDB (dynalite). Call at the top of a file: it registers the
 * hooks that start and stop the dynalite server. The SRE code writes single items only, so no
 * transaction stand-in is installed.
 */
export function realStores(): StoreKind[] {
  let server: DynaliteServer | undefined;
  let client: DynamoDBClient | undefined;
  let directory: string | undefined;
  let files = 0;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-sre-'));
    server = await startDynalite();
    client = createDynaliteClient(server.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  });
  return [
    {
      name: 'sqlite',
      open: async () => {
        files += 1;
        const path = join(directory as string, `sre-${files}.sqlite`);
        return [new SqliteItemStore({ path }), new SqliteItemStore({ path })];
      },
    },
    {
      name: 'dynamodb (dynalite)',
      open: async () => {
        if (client === undefined) throw new Error('dynalite is not running');
        const tableNames = await createFreshTables(client, 'sre');
        return [new DynamoDbItemStore({ client, tableNames }), new DynamoDbItemStore({ client, tableNames })];
      },
    },
  ];
}

/**
 * FAULT INJECTION: the real store, except that the next `failNextWrites` writes reject before
 * reaching it, as an outage would (no real server fails a chosen write on demand). It also
 * keeps the items queries returned, to show which buckets a window read.
 */
export class FaultInjectingStore implements ItemStore {
  failNextWrites = 0;
  readonly itemsRead: Item[] = [];

  constructor(private readonly inner: ItemStore) {}

  get(table: TableName, key: ItemKey, options?: { consistent?: boolean }): Promise<Item | undefined> {
    return this.inner.get(table, key, options);
  }

  batchGet(table: TableName, keys: ItemKey[]): Promise<Item[]> {
    return this.inner.batchGet(table, keys);
  }

  async query(table: TableName, query: Query): Promise<Page> {
    const page = await this.inner.query(table, query);
    this.itemsRead.push(...page.items);
    return page;
  }

  async write(ops: WriteOp[], options?: WriteOptions): Promise<void> {
    if (this.failNextWrites > 0) {
      this.failNextWrites -= 1;
      throw new Error('injected write failure');
    }
    return this.inner.write(ops, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}
