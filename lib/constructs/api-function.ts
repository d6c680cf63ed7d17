import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Grant, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Area } from '../../shared/api/route-types.js';
import { TABLE_NAMES, type TableName } from '../../shared/store/tables.js';
import { handlerEntry, LOCK_FILE, PROJECT_ROOT } from '../project.js';
import { type CacheConnection, cacheEnvironment } from './cache-cluster.js';
import { type FunctionNetwork, PRIVATE_SUBNETS } from './private-network.js';

/**
 * The newest GA Node.js runtime aws-cdk-lib 2.276 knows. Named, not NODEJS_LATEST: a runtime
 * change is a deliberate, reviewed diff (and the esbuild target below must move with it).
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
/**
 * esbuild target matching {@link FUNCTION_RUNTIME}, so syntax is never down-levelled needlessly. The
 * entries use top-level await (`export const handler = createX(await createCloudDeps())`), which
 * esbuild accepts only for ESM output and a target that has it (Node ≥ 14.8): keep both.
 */
export const FUNCTION_ESBUILD_TARGET = 'node24';
export const FUNCTION_ARCHITECTURE = Architecture.ARM_64;

/**
 * ESM output cannot `require`, but some bundled CommonJS dependencies still call it for Node
 * built-ins; esbuild's shim uses a `require` in scope when there is one, so provide it.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __fundcastCreateRequire } from 'node:module'; const require = __fundcastCreateRequire(import.meta.url);";

/**
 * What Lambda needs from the execution role to attach a function to the VPC: the actions of the
 * AWSLambdaVPCAccessExecutionRole managed policy minus its log actions (the role writes its own
 * log group). EC2 supports no resource-level permission for the Describe actions, and Lambda checks
 * the others against any network interface it may create, so they are granted on "*".
 */
export const NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/** Environment variable that carries the physical name of a logical table (`main` → MAIN_TABLE_NAME). */
export function tableEnvName(table: TableName): string {
  return `${table.toUpperCase()}_TABLE_NAME`;
}

/** Token issuer (`iss`, AUTH_ISSUER) of a stage. */
export function authIssuer(stage: string): string {
  return `urn:fundcast:${stage}:auth`;
}

/** Token audience (`aud`, AUTH_AUDIENCE) of a stage. */
export function authAudience(stage: string): string {
  return `urn:fundcast:${stage}:api`;
}

/**
 * The identity key material every function's cold start requires (`shared/app/cloud-deps.ts`
 * fails without the three ARNs). Only the ARNs go into the environment; who may use what is
 * granted separately (`key-access.ts`).
 */
export interface FunctionKeys {
  readonly signingKeysSecret: ISecret;
  readonly blindIndexSecret: ISecret;
  readonly piiKey: IKey;
}

export interface FundcastFunctionProps {
  /** Short name, unique per stage: the function is called `fundcast-<stage>-<name>`. */
  readonly name: string;
  /** Absolute path of the TypeScript entry; its export `handler` is the Lambda handler. */
  readonly entry: string;
  /** What the function is, for its description and its role's (`trading API`, `settlement worker`). */
  readonly purpose: string;
  readonly stage: string;
  /** package.json version, reported by the health endpoint. */
  readonly version: string;
  /** Physical table name of every logical table in TABLES. */
  readonly tableNames: Readonly<Record<TableName, string>>;
  /** Signing seeds, blind-index key and PII key: SIGNING_KEYS_SECRET_ARN, BLIND_INDEX_SECRET_ARN, PII_KMS_KEY_ARN. */
  readonly keys: FunctionKeys;
  /** The isolated subnets and the functions' security group (the only way to the cache). */
  readonly network: FunctionNetwork;
  /** The L2 cache: REDIS_URL, REDIS_CLUSTER, REDIS_AUTH_SECRET_ARN (reading the token is granted separately). */
  readonly cache: CacheConnection;
  readonly logRetention: RetentionDays;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Caps concurrent invocations (and reserves them); unreserved when absent. */
  readonly reservedConcurrency?: number;
}

/**
 * A FundCast Lambda function (API area or background worker) with the project's defaults: arm64,
 * Node.js 24, ESM bundle built by the local esbuild (minified, source-mapped, with a metafile),
 * the AWS SDK bundled so the deployed code is exactly what the tests ran, X-Ray active, JSON logs
 * into an explicit log group with retention, the environment every cold start needs, in the
 * private network beside the cache, and a role that starts with nothing but writing to that log
 * group and attaching to the network. What it may touch is granted by the stack.
 */
export class FundcastFunction extends Construct {
  /** The short name (`trading`, `settlement`). */
  public readonly name: string;
  public readonly function: NodejsFunction;
  /** Physical function name, known at synth time so dashboards and alarms need no cross-stack reference. */
  public readonly functionName: string;
  public readonly logGroup: LogGroup;
  public readonly role: Role;

  constructor(scope: Construct, id: string, props: FundcastFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.functionName = `fundcast-${props.stage}-${props.name}`;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      // Security events and correlation ids live here; keep them when the stack goes away.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: it may write to
    // this function's own log group only, not to every log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `FundCast ${props.stage} ${props.purpose} function`,
    });
    this.logGroup.grantWrite(this.role);
    Grant.addToPrincipal({ grantee: this.role, actions: [...NETWORK_INTERFACE_ACTIONS], resourceArns: ['*'] });

    this.function = new NodejsFunction(this, 'Function', {
      functionName: this.functionName,
      description: `FundCast ${props.purpose} (${props.stage})`,
      entry: props.entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      runtime: FUNCTION_RUNTIME,
      architecture: FUNCTION_ARCHITECTURE,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      role: this.role,
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.INFO,
      vpc: props.network.vpc,
      vpcSubnets: PRIVATE_SUBNETS,
      securityGroups: [props.network.securityGroup],
      environment: {
        STORE: 'dynamodb',
        FUNDCAST_STAGE: props.stage,
        FUNDCAST_VERSION: props.version,
        POWERTOOLS_SERVICE_NAME: 'fundcast',
        POWERTOOLS_METRICS_NAMESPACE: 'FundCast',
        // Stack traces point at the TypeScript sources through the bundled source map.
        NODE_OPTIONS: '--enable-source-maps',
        ...Object.fromEntries(TABLE_NAMES.map((table) => [tableEnvName(table), props.tableNames[table]])),
        // Per stage: a token names the stage that issued it (each stage also has its own signing keys).
        AUTH_ISSUER: authIssuer(props.stage),
        AUTH_AUDIENCE: authAudience(props.stage),
        // ARNs, not values: the code reads the secrets during init and refreshes them itself.
        SIGNING_KEYS_SECRET_ARN: props.keys.signingKeysSecret.secretArn,
        BLIND_INDEX_SECRET_ARN: props.keys.blindIndexSecret.secretArn,
        // The key ARN, never an alias: stored ciphertexts name the key and KMS answers with its ARN.
        PII_KMS_KEY_ARN: props.keys.piiKey.keyArn,
        ...cacheEnvironment(props.cache),
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: FUNCTION_ESBUILD_TARGET,
        // Prefer the ESM builds of dependencies (the AWS SDK ships both) for better tree shaking.
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        metafile: true,
        // Bundle everything, the AWS SDK included: the runtime's SDK version drifts underneath us.
        externalModules: [],
        bundleAwsSDK: true,
        logLevel: LogLevel.WARNING,
      },
    });

    // Tracing adds its statement to the role's default policy, which exists by now (log grant).
    Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so CDK grants them on "*". VPC attachment: Lambda needs the network-interface actions of AWSLambdaVPCAccessExecutionRole (ec2:Describe* has no resource-level permissions) on "*".',
    });
  }
}

export interface ApiFunctionProps extends Omit<FundcastFunctionProps, 'name' | 'entry' | 'purpose'> {
  /** The API area; the code is `functions/<area>/handler.ts` and its export `handler`. */
  readonly area: Area;
}

/** One API area's function: `fundcast-<stage>-<area>`, built from `functions/<area>/handler.ts`. */
export class ApiFunction extends FundcastFunction {
  public readonly area: Area;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    const { area, ...common } = props;
    super(scope, id, { ...common, name: area, entry: handlerEntry(area), purpose: `${area} API` });
    this.area = area;
  }
}
