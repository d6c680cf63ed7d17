import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { TABLE_NAMES, TABLES, type TableDefinition, type TableName } from '../../shared/store/tables.js';

export interface DataStackProps extends StackProps {
  readonly stage: string;
}

/**
 * All state of a stage: one DynamoDB table per entry of `shared/store/tables.ts` (the same
 * description the DynamoDB and SQLite adapters read), encrypted with a customer-managed key.
 */
export class DataStack extends Stack {
  /** Every logical table, by its name in TABLES. */
  public readonly tables: Readonly<Record<TableName, Table>>;
  /**
   * Encrypts every table. Customer-managed rather than AWS-owned/AWS-managed so that the key
   * policy (not only IAM) decides who can decrypt, every decrypt is in CloudTrail under our key,
   * rotation is ours to see, and disabling the key is a last-resort kill switch for the data.
   */
  public readonly dataKey: Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.dataKey = new Key(this, 'DataKey', {
      description: `FundCast ${props.stage}: encrypts the DynamoDB tables`,
      alias: `alias/fundcast-${props.stage}-data`,
      enableKeyRotation: true,
      // The tables are retained, so the key that decrypts them must be too.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });

    const tables = {} as Record<TableName, Table>;
    for (const name of TABLE_NAMES) {
      tables[name] = this.createTable(name, TABLES[name]);
    }
    this.tables = tables;
  }

  private createTable(name: TableName, definition: TableDefinition): Table {
    const id = `${name.charAt(0).toUpperCase()}${name.slice(1)}Table`;
    const table = new Table(this, id, {
      partitionKey: { name: definition.partitionKey, type: AttributeType.STRING },
      sortKey: { name: definition.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      ...(definition.ttlAttribute ? { timeToLiveAttribute: definition.ttlAttribute } : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(definition.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    return table;
  }
}
