import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { createDynaliteClient, createFreshTables, startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';
import { installDynaliteTransactions } from '../../helpers/dynalite-transactions.js';
import { DYNALITE_STRINGS, expectStoreMatchesModel, writeArbitrary } from '../../helpers/store-model.js';

/**
 * The same random writes and the same reference model as the SQLite property test, here through
 * the DynamoDB adapter's real expressions evaluated by dynalite: the two adapters can only both
 * pass if they agree with each other.
 */
describe('DynamoDbItemStore against the reference model (property, dynalite)', () => {
  let server: DynaliteServer;
  let client: DynamoDBClient;

  beforeAll(async () => {
    server = await startDynalite();
    client = createDynaliteClient(server.endpoint);
    installDynaliteTransactions(client);
  });

  afterAll(async () => {
    client.destroy();
    await server.stop();
  });

  it('agrees with the model on every random sequence of conditional writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writeArbitrary(DYNALITE_STRINGS), { minLength: 1, maxLength: 8 }), async (writes) => {
        const store = new DynamoDbItemStore({ client, tableNames: await createFreshTables(client, 'model') });
        await expectStoreMatchesModel(store, writes);
      }),
      { numRuns: 25 },
    );
  });
});
