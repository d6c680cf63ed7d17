import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { StoreUnavailableError } from '../../../store/errors.js';
import { TABLES, TABLE_NAMES, type TableDefinition, type TableName } from '../../../store/tables.js';

/**
 * Creates the tables of TABLES on an endpoint, for local `STORE=dynamodb` runs and tests (in the
 * cloud CDK creates them from the same TABLES). Idempotent: an existing table is left as it is.
 * TTL is not enabled here: dynalite has no UpdateTimeToLive, and readers check expiry anyway.
 */
export interface CreateTablesOptions {
  /** How long to wait for the tables (and their indexes) to become ACTIVE. Default 60 s. */
  timeoutMs?: number;
}

/** The CreateTable request for one logical table: string keys, every GSI projecting ALL, on-demand billing. */
export function createTableInput(physicalName: string, definition: TableDefinition): CreateTableCommandInput {
  const attributes = new Set([definition.partitionKey, definition.sortKey]);
  const indexes = Object.entries(definition.indexes).map(([IndexName, index]) => {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
    return {
      IndexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    };
  });
  return {
    TableName: physicalName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ],
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? String((error as { name?: unknown }).name) : undefined;
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, deadline: number): Promise<void> {
  for (let delay = 50; ; delay = Math.min(delay * 2, 2_000)) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() + delay > deadline) throw new StoreUnavailableError();
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Creates every table in `tableNames` that does not exist yet and waits until all are ACTIVE. */
export async function createTables(
  client: DynamoDBClient,
  tableNames: Record<TableName, string>,
  options: CreateTablesOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (const table of TABLE_NAMES) {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableNames[table], TABLES[table])));
    } catch (error) {
      if (errorName(error) !== 'ResourceInUseException') throw new StoreUnavailableError({ cause: error });
    }
  }
  for (const table of TABLE_NAMES) {
    try {
      await waitUntilActive(client, tableNames[table], deadline);
    } catch (error) {
      throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError({ cause: error });
    }
  }
}
