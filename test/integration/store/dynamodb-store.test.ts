import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTables, DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { StoreUnavailableError, TransactionConflictError, type StoreError } from '../../../shared/store/errors.js';
import type { WriteOp } from '../../../shared/store/port.js';
import { TABLES, type TableName } from '../../../shared/store/tables.js';
import { injectFault, injectUnprocessedKeys, throttlingError, transactionConflictError } from '../../helpers/dynalite-faults.js';
import { createDynaliteClient, createFreshTables, startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';
import { installDynaliteTransactions, type DynaliteTransactions } from '../../helpers/dynalite-transactions.js';
import { failureOf } from './store-contract-helpers.js';

const put = (pk: string, extra: Record<string, string | number> = {}): WriteOp => ({
  type: 'put',
  table: 'main',
  item: { pk, sk: 's', ...extra },
  condition: { kind: 'itemNotExists' },
});

/** A store error must never show a physical table name or an SDK error name to callers. */
function expectSafeMessage(error: unknown, tableNames: Record<TableName, string>): void {
  const { message } = error as StoreError;
  for (const name of Object.values(tableNames)) expect(message).not.toContain(name);
  expect(message).not.toMatch(/Exception|Throttl|ECONN|dynalite/i);
}

describe('DynamoDbItemStore on dynalite', () => {
  let server: DynaliteServer;
  let client: DynamoDBClient;
  let transactions: DynaliteTransactions;
  let tableNames: Record<TableName, string>;
  let store: DynamoDbItemStore;

  beforeAll(async () => {
    server = await startDynalite();
    client = createDynaliteClient(server.endpoint);
    transactions = installDynaliteTransactions(client);
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  beforeEach(async () => {
    tableNames = await createFreshTables(client, 'ddb');
    store = new DynamoDbItemStore({ client, tableNames });
    transactions.requests.length = 0;
  });

  afterEach(async () => {
    await store.close();
  });

  describe('write requests', () => {
    it('sends several ops as one TransactWriteItems, in order, with the idempotency token', async () => {
      await store.write([put('a'), put('b', { n: 1 }), put('c')], { idempotencyToken: 'order-7f3a' });

      expect(transactions.requests).toHaveLength(1);
      const [request] = transactions.requests;
      expect(request?.clientRequestToken).toBe('order-7f3a');
      expect(request?.items.map((item) => item.Put?.Item?.pk?.S)).toEqual(['a', 'b', 'c']);
      expect(request?.items.every((item) => item.Put?.TableName === tableNames.main)).toBe(true);
    });

    it('leaves the token to the SDK when none is given', async () => {
      await store.write([put('a'), put('b')]);

      expect(transactions.requests.map((request) => request.clientRequestToken)).toEqual([undefined]);
    });

    it('sends a lone put, update or delete without a transaction', async () => {
      await store.write([put('a')]);
      await store.write([{ type: 'update', table: 'main', key: { pk: 'a', sk: 's' }, update: { add: { n: 1 } } }]);
      await store.write([{ type: 'delete', table: 'main', key: { pk: 'a', sk: 's' } }]);

      expect(transactions.requests).toHaveLength(0);
    });

    it('sends a lone check, or a lone op with a token, as a one-item transaction', async () => {
      await store.write([{ type: 'check', table: 'main', key: { pk: 'a', sk: 's' }, condition: { kind: 'itemNotExists' } }]);
      await store.write([put('a')], { idempotencyToken: 'single-1' });

      expect(transactions.requests.map((request) => [request.items.length, request.clientRequestToken])).toEqual([
        [1, undefined],
        [1, 'single-1'],
      ]);
      expect(transactions.requests[0]?.items[0]?.ConditionCheck?.ConditionExpression).toBe('attribute_not_exists(#n0)');
    });

    it('puts names and values in placeholders, never in expression text', async () => {
      const odd = "x') OR attribute_exists(#n0) --";

      await store.write([
        { type: 'update', table: 'main', key: { pk: 'p', sk: 's' }, update: { set: { [odd]: odd, size: 1 } } },
        { type: 'check', table: 'main', key: { pk: 'q', sk: 's' }, condition: { kind: 'compare', name: 'status', op: '<>', value: odd } },
      ]);

      const [update, check] = transactions.requests[0]?.items ?? [];
      expect(update?.Update?.UpdateExpression).toBe('SET #n0 = :v0, #n1 = :v1');
      expect(update?.Update?.ExpressionAttributeNames).toEqual({ '#n0': odd, '#n1': 'size' });
      expect(check?.ConditionCheck?.ConditionExpression).toBe('#n0 <> :v0');
      expect(await store.get('main', { pk: 'p', sk: 's' })).toEqual({ pk: 'p', sk: 's', [odd]: odd, size: 1 });
    });
  });

  describe('error mapping', () => {
    it('maps throttling (injectFault ThrottlingException) to StoreUnavailableError after the SDK retries', async () => {
      const fault = injectFault(client, { commandName: 'GetItemCommand', error: throttlingError });

      const error = await failureOf(store.get('main', { pk: 'a', sk: 's' }));
      fault.remove();

      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(fault.hits).toBe(3); // maxAttempts of createDynamoDbClient
      expect((error as Error).cause).toMatchObject({ name: 'ThrottlingException' });
      expectSafeMessage(error, tableNames);
    });

    it('maps a cancelled transaction (injectFault TransactionConflict) to TransactionConflictError', async () => {
      const fault = injectFault(client, { commandName: 'TransactWriteItemsCommand', error: transactionConflictError, step: 'initialize' });

      const error = await failureOf(store.write([put('a'), put('b')]));
      fault.remove();

      expect(error).toBeInstanceOf(TransactionConflictError);
      expectSafeMessage(error, tableNames);
    });

    it('maps a stopped server to StoreUnavailableError without naming the table', async () => {
      const ownServer = await startDynalite();
      const ownClient = createDynaliteClient(ownServer.endpoint);
      const ownTables = await createFreshTables(ownClient, 'stopped');
      const ownStore = new DynamoDbItemStore({ client: ownClient, tableNames: ownTables });
      await ownStore.write([put('a')]);

      await ownServer.stop();
      const error = await failureOf(ownStore.get('main', { pk: 'a', sk: 's' }));
      ownClient.destroy();

      expect(error).toBeInstanceOf(StoreUnavailableError);
      expectSafeMessage(error, ownTables);
    });
  });

  describe('batchGet under load (injectUnprocessedKeys)', () => {
    it('retries unprocessed keys and still answers in key order', async () => {
      const keys = Array.from({ length: 9 }, (_, n) => ({ pk: `k${n}`, sk: 's' }));
      await store.write(keys.map((key) => put(key.pk, { n: Number(key.pk.slice(1)) })));
      const fault = injectUnprocessedKeys(client, 2);

      const items = await store.batchGet('main', [...keys].reverse());
      fault.remove();

      expect(fault.hits).toBe(2);
      expect(items.map((item) => item.pk)).toEqual([...keys].reverse().map((key) => key.pk));
    });
  });

  describe('createTables', () => {
    it('creates every table and GSI from TABLES, on demand, and is idempotent', async () => {
      await createTables(client, tableNames);

      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableNames.main }));

      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.KeySchema?.map((key) => key.AttributeName)).toEqual(['pk', 'sk']);
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(Object.keys(TABLES.main.indexes).sort());
      expect(Table?.GlobalSecondaryIndexes?.every((index) => index.Projection?.ProjectionType === 'ALL')).toBe(true);
      expect(Table?.AttributeDefinitions?.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
    });
  });
});
