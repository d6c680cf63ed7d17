import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_NAMES, TABLES, type TableDefinition, type TableName } from '../../shared/store/tables.js';
import type { CacheSettings } from '../config.js';
import { CacheCluster } from '../constructs/cache-cluster.js';
import { IdentityKeys } from '../constructs/identity-keys.js';
import { PrivateNetwork } from '../constructs/private-network.js';

/**
 * Tables with a DynamoDB stream, and what each record carries. `main` streams new images so the
 * settlement worker's event source mapping can filter on the inserted item (`type = task`) and
 * read its `id` without another read; old images are never needed (a task is only ever inserted).
 */
export const TABLE_STREAMS: Readonly<Partial<Record<TableName, StreamViewType>>> = {
  main: StreamViewType.NEW_IMAGE,
};

export interface DataStackProps extends StackProps {
  readonly stage: string;
  readonly cache: CacheSettings;
  /** Retention of the VPC flow logs. */
  readonly logRetention: RetentionDays;
}

/**
 * All state of a stage: one DynamoDB table per entry of `shared/store/tables.ts` (the same
 * description the DynamoDB and SQLite adapters read), encrypted with a customer-managed key, and
 * the identity key material whose loss would orphan that data (see {@link IdentityKeys}): it
 * shares the tables' retention and is deployed before the functions that read it. `main` also
 * has a stream ({@link TABLE_STREAMS}) that the settlement worker subscribes to. The L2 cache and
 * the private network it and the functions live in are here too, so the API stack only consumes.
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
  /** Signing seeds, blind-index key, PII key and the key encrypting the secrets. */
  public readonly identityKeys: IdentityKeys;
  /** `{"current", "previous"?}`: seeds of the Ed25519 access-token signing keys (SIGNING_KEYS_SECRET_ARN). */
  public readonly signingKeysSecret: Secret;
  /** `{"key"}`: HMAC key of the e-mail blind index, never rotated (BLIND_INDEX_SECRET_ARN). */
  public readonly blindIndexSecret: Secret;
  /** Wraps the PII data keys, encryption context `purpose=fundcast-pii` (PII_KMS_KEY_ARN). */
  public readonly piiKey: Key;
  /** Encrypts the two secrets; usable by the functions through Secrets Manager only. */
  public readonly secretsKey: Key;
  /** The VPC the functions and the cache share, and the functions' security group. */
  public readonly network: PrivateNetwork;
  /** ElastiCache Redis in cluster mode: the functions' L2 cache. */
  public readonly cache: CacheCluster;

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

    this.identityKeys = new IdentityKeys(this, 'IdentityKeys', { stage: props.stage });
    this.signingKeysSecret = this.identityKeys.signingKeysSecret;
    this.blindIndexSecret = this.identityKeys.blindIndexSecret;
    this.piiKey = this.identityKeys.piiKey;
    this.secretsKey = this.identityKeys.secretsKey;

    this.network = new PrivateNetwork(this, 'Network', { stage: props.stage, logRetention: props.logRetention });
    this.cache = new CacheCluster(this, 'Cache', {
      stage: props.stage,
      vpc: this.network.vpc,
      clients: this.network.functionsSecurityGroup,
      settings: props.cache,
    });
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
      ...(TABLE_STREAMS[name] ? { stream: TABLE_STREAMS[name] } : {}),
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
