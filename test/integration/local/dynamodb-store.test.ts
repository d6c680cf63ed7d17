import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';
import { createDynaliteClient, type DynaliteServer, startDynalite, uniqueTableNames } from '../../helpers/dynalite-server.js';

let dynamo: DynaliteServer;
let stack: TestStack;
const tableNames = uniqueTableNames('local');

beforeAll(async () => {
  dynamo = await startDynalite();
  stack = await startTestStack({
    STORE: 'dynamodb',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    MAIN_TABLE_NAME: tableNames.main,
    BREAKERS_TABLE_NAME: tableNames.breakers,
  });
});

afterAll(async () => {
  await stack?.close();
  await dynamo?.stop();
});

describe('local stack with STORE=dynamodb', () => {
  it('creates its tables on the given endpoint and serves the API', async () => {
    const listed = await createDynaliteClient(dynamo.endpoint).send(new ListTablesCommand({}));
    expect(listed.TableNames).toEqual(expect.arrayContaining([tableNames.main, tableNames.breakers]));
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
  });

  it('wires the DynamoDB adapter as the store the handlers use', async () => {
    await stack.deps.store.write([{ type: 'put', table: 'main', item: { pk: 'PROBE', sk: 'one', value: 7 }, condition: { kind: 'itemNotExists' } }]);
    expect(await stack.deps.store.get('main', { pk: 'PROBE', sk: 'one' })).toEqual({ pk: 'PROBE', sk: 'one', value: 7 });
    expect(stack.store).toBeInstanceOf(DynamoDbItemStore);
  });
});
