import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { createDynaliteClient, createFreshTables, startDynalite } from '../../helpers/dynalite-server.js';
import { describeSharedBreakerState } from './shared-state-suite.js';

// A dynalite server per test: stopping it is how the table becomes unreachable.
describeSharedBreakerState('DynamoDB (dynalite, a client per container)', async () => {
  const server = await startDynalite();
  const setup = createDynaliteClient(server.endpoint);
  const tableNames = await createFreshTables(setup, 'breakers');
  const clients: DynamoDBClient[] = [setup];
  return {
    open() {
      const client = createDynaliteClient(server.endpoint);
      clients.push(client);
      return new DynamoDbItemStore({ client, tableNames });
    },
    breakTable: () => server.stop(),
    close: async () => {
      clients.forEach((client) => client.destroy());
      await server.stop();
    },
  };
});
