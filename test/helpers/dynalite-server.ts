import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDynamoDbClient, createTables } from '../../shared/adapters/store/dynamodb/index.js';
import { TABLE_NAMES, type TableName } from '../../shared/store/tables.js';

/** A real DynamoDB API server (dynalite, in-memory LevelDB) on a free loopback port. */
export interface DynaliteServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startDynalite(): Promise<DynaliteServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets of SDK clients would otherwise hold close() open.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

/** A client for dynalite: dummy credentials, short timeouts so a stopped server fails fast. */
export function createDynaliteClient(endpoint: string): DynamoDBClient {
  return createDynamoDbClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'dynalite', secretAccessKey: 'dynalite' },
    connectionTimeoutMs: 500,
    requestTimeoutMs: 2_000,
  });
}

/** Fresh physical names per call, so every test gets empty tables on a shared server. */
export function uniqueTableNames(prefix = 'test'): Record<TableName, string> {
  const suffix = randomUUID().slice(0, 8);
  return Object.fromEntries(TABLE_NAMES.map((table) => [table, `${prefix}-${suffix}-${table}`])) as Record<
    TableName,
    string
  >;
}

/** Creates a fresh set of tables and returns their names. */
export async function createFreshTables(client: DynamoDBClient, prefix?: string): Promise<Record<TableName, string>> {
  const tableNames = uniqueTableNames(prefix);
  await createTables(client, tableNames, { timeoutMs: 10_000 });
  return tableNames;
}
