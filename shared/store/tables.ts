/**
 * The one description of every table and index. CDK creates DynamoDB tables from it, the
 * DynamoDB adapter names its indexes from it, and the SQLite adapter derives its schema from it,
 * so the three can never drift apart.
 */

/** A secondary index: its key attributes; items lacking either attribute are not in it (sparse). */
export interface IndexDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: Readonly<Record<string, IndexDefinition>>;
  /** Epoch-seconds attribute that DynamoDB's TTL sweeps; readers must still check it. */
  readonly ttlAttribute?: string;
}

export const TABLES = {
  /** Single-table design: markets, orders, accounts, ledger, users, tokens, tasks, SLO buckets, idempotency. */
  main: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: {
      gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      gsi2: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    },
    ttlAttribute: 'expiresAt',
  },
  /** Circuit-breaker state shared by every container; kept apart so the `database` breaker does not share fate with the main table. */
  breakers: {
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: {},
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** Every key attribute (table and index) is a string; keeping that uniform keeps ordering identical across adapters. */
export type KeyAttributeType = 'S';
