import { Duration, Fn, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type ISecurityGroup, Port, SecurityGroup, type Vpc } from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup, CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CacheSettings } from '../config.js';
import { PRIVATE_SUBNETS } from './private-network.js';

/**
 * Not Redis's 6379: cdk-nag AwsSolutions-AEC5 asks for a non-default port, and the port travels in
 * REDIS_URL, so nothing else depends on it.
 */
export const CACHE_PORT = 6380;

/** Redis 7 with cluster mode on; the default parameter group of that family turns cluster mode on. */
export const CACHE_ENGINE_VERSION = '7.1';
export const CACHE_PARAMETER_GROUP = 'default.redis7.cluster.on';

/** UTC, outside European and American trading hours; the snapshot window must not overlap it. */
export const CACHE_MAINTENANCE_WINDOW = 'sun:03:00-sun:04:00';
export const CACHE_SNAPSHOT_WINDOW = '01:00-02:00';

/**
 * ElastiCache accepts 16–128 printable characters without spaces, `/`, `"` or `@`; letters and
 * digits only keeps the token URL- and shell-safe.
 */
export const CACHE_TOKEN_LENGTH = 64;

/** What a function needs to use the cache: the three variables the code reads, and the token to read. */
export interface CacheConnection {
  /** `rediss://<configuration endpoint>:<port>` (TLS; no credentials in it). */
  readonly url: string;
  /** Plain-string secret holding the AUTH token. */
  readonly authTokenSecret: ISecret;
}

/** REDIS_URL, REDIS_CLUSTER and REDIS_AUTH_SECRET_ARN, as `shared/config.ts` reads them. */
export function cacheEnvironment(cache: CacheConnection): Record<string, string> {
  return {
    REDIS_URL: cache.url,
    REDIS_CLUSTER: 'true',
    REDIS_AUTH_SECRET_ARN: cache.authTokenSecret.secretArn,
  };
}

export interface CacheClusterProps {
  readonly stage: string;
  readonly vpc: Vpc;
  /** The only group allowed to connect. */
  readonly clients: ISecurityGroup;
  readonly settings: CacheSettings;
}

/**
 * The L2 cache (SPEC §5): an ElastiCache Redis replication group in cluster mode, in the isolated
 * subnets, TLS-only, encrypted at rest with its own key, AUTH token from a generated secret, a
 * replica per shard in another AZ with automatic failover.
 *
 * Everything in it can be rebuilt from the tables, so nothing here is retained: removing the stack
 * removes the cache, its key (after the KMS waiting period) and its token.
 */
export class CacheCluster extends Construct implements CacheConnection {
  public readonly replicationGroup: CfnReplicationGroup;
  public readonly securityGroup: SecurityGroup;
  /** Encrypts the cache's data, snapshots and AUTH token secret. */
  public readonly key: Key;
  public readonly authTokenSecret: Secret;
  public readonly url: string;

  constructor(scope: Construct, id: string, props: CacheClusterProps) {
    super(scope, id);
    const { settings } = props;

    this.key = new Key(this, 'Key', {
      description: `FundCast ${props.stage}: encrypts the ElastiCache cache, its snapshots and its AUTH token`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.authTokenSecret = new Secret(this, 'AuthToken', {
      description: `FundCast ${props.stage}: AUTH token of the ElastiCache cache (plain string); rotate as in docs/deploy.md`,
      encryptionKey: this.key,
      generateSecretString: { passwordLength: CACHE_TOKEN_LENGTH, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `FundCast ${props.stage} ElastiCache cache`,
      // Redis answers; it never opens a connection.
      allowAllOutbound: false,
    });
    this.securityGroup.connections.allowFrom(props.clients, Port.tcp(CACHE_PORT), 'Redis (TLS) from the functions');

    const subnetGroup = new CfnSubnetGroup(this, 'SubnetGroup', {
      description: `FundCast ${props.stage} cache: the isolated subnets`,
      subnetIds: props.vpc.selectSubnets(PRIVATE_SUBNETS).subnetIds,
    });

    this.replicationGroup = new CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: `FundCast ${props.stage} L2 cache`,
      engine: 'redis',
      engineVersion: CACHE_ENGINE_VERSION,
      cacheParameterGroupName: CACHE_PARAMETER_GROUP,
      clusterMode: 'enabled',
      cacheNodeType: settings.nodeType,
      numNodeGroups: settings.shards,
      replicasPerNodeGroup: settings.replicasPerShard,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      port: CACHE_PORT,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      atRestEncryptionEnabled: true,
      kmsKeyId: this.key.keyArn,
      // A CloudFormation dynamic reference: the token is resolved at deploy time, never in the template.
      authToken: this.authTokenSecret.secretValue.unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      preferredMaintenanceWindow: CACHE_MAINTENANCE_WINDOW,
      snapshotWindow: CACHE_SNAPSHOT_WINDOW,
      snapshotRetentionLimit: settings.snapshotRetentionDays,
    });
    this.replicationGroup.applyRemovalPolicy(RemovalPolicy.DESTROY);

    this.url = Fn.join('', [
      'rediss://',
      this.replicationGroup.attrConfigurationEndPointAddress,
      ':',
      this.replicationGroup.attrConfigurationEndPointPort,
    ]);

    Validations.of(this.authTokenSecret.node.defaultChild ?? this.authTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Secrets Manager has no rotation function for an ElastiCache AUTH token, and the token must change on the cache (ROTATE, then SET) in step with the secret; that is done by hand as in docs/deploy.md. The cache is reachable only from the functions\' security group, over TLS.',
    });
  }
}
