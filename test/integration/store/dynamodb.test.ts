import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe } from 'vitest';
import { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { TABLE_NAMES } from '../../../shared/store/tables.js';
import { createDynaliteClient, createFreshTables, startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';
import { installDynaliteTransactions } from '../../helpers/dynalite-transactions.js';
import { describeStoreContract } from './store-contract.js';

describe('DynamoDbItemStore', () => {
  let server: DynaliteServer;
  let client: DynamoDBClient;

  beforeAll(async () => {
    server = await startDynalite();
    client = createDynaliteClient(server.endpoint);
    // dynalite lacks TransactWriteItems; see the helper for how it is stood in for.
    installDynaliteTransactions(client);
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  describeStoreContract('dynamodb on dynalite', async () => {
    const tableNames = await createFreshTables(client, 'contract');
    const store = new DynamoDbItemStore({ client, tableNames });
    return {
      store,
      async dispose() {
        await store.close();
        for (const table of TABLE_NAMES) await client.send(new DeleteTableCommand({ TableName: tableNames[table] }));
      },
    };
  });
});
