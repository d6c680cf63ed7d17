import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  EndpointType,
  type IResource,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import { PUBLIC } from '../../shared/api/permissions.js';
import { AREAS, type Area, type RouteDefinition } from '../../shared/api/route-types.js';
import { ROUTES } from '../../shared/api/routes.js';
import { TABLE_NAMES, type TableName } from '../../shared/store/tables.js';
import type { CdkConfig } from '../config.js';
import { ApiFunction, type FunctionKeys } from '../constructs/api-function.js';
import { ApiWaf } from '../constructs/api-waf.js';
import type { CacheConnection } from '../constructs/cache-cluster.js';
import { CacheWarmer } from '../constructs/cache-warmer.js';
import { grantFunctionAccess } from '../constructs/function-access.js';
import type { FunctionNetwork } from '../constructs/private-network.js';
import { ProblemGatewayResponses } from '../constructs/problem-gateway-responses.js';
import { SettlementWorker } from '../constructs/settlement-worker.js';

export interface ApiStackProps extends StackProps {
  readonly config: CdkConfig;
  /** The tables of the data stack, by logical name. */
  readonly tables: Readonly<Record<TableName, ITable>>;
  /** The identity key material of the data stack. */
  readonly keys: FunctionKeys;
  /** The data stack's VPC and the functions' security group. */
  readonly network: FunctionNetwork;
  /** The data stack's ElastiCache cache. */
  readonly cache: CacheConnection;
  /** What the first cache warm waits for (the cache cluster); the tables are waited for anyway. */
  readonly warmAfter?: readonly IConstruct[];
  /** The route table; `shared/api/routes.ts` unless a test supplies its own. */
  readonly routes?: readonly RouteDefinition[];
}

/**
 * The areas that encrypt or decrypt PII (registration, login, user administration) and so may use
 * the PII key. The others still verify tokens (signing seeds) and derive rate-limit keys from the
 * blind-index key, so every area reads both secrets.
 */
export const PII_AREAS: readonly Area[] = ['auth', 'admin'];

/** The REST API name of a stage; also the `ApiName` dimension of its CloudWatch metrics. */
export function restApiName(stage: string): string {
  return `fundcast-${stage}-api`;
}

/**
 * Access log line: one JSON object per request, keyed by API Gateway's request id (the
 * correlation id of gateway-generated problems). Values are JSON strings; the error message uses
 * API Gateway's pre-quoted form so a quote inside it cannot break the line.
 */
export const ACCESS_LOG_FORMAT: string = (() => {
  const quoted: Record<string, string> = {
    requestId: AccessLogField.contextRequestId(),
    extendedRequestId: AccessLogField.contextExtendedRequestId(),
    xrayTraceId: AccessLogField.contextXrayTraceId(),
    requestTime: AccessLogField.contextRequestTime(),
    requestTimeEpoch: AccessLogField.contextRequestTimeEpoch(),
    ip: AccessLogField.contextIdentitySourceIp(),
    userAgent: AccessLogField.contextIdentityUserAgent(),
    httpMethod: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    path: AccessLogField.contextPath(),
    protocol: AccessLogField.contextProtocol(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    errorType: AccessLogField.contextErrorResponseType(),
    wafStatus: AccessLogField.contextWafStatus(),
  };
  const fields = [
    ...Object.entries(quoted).map(([name, value]) => `"${name}":"${value}"`),
    `"errorMessage":${AccessLogField.contextErrorMessageString()}`,
  ];
  return `{${fields.join(',')}}`;
})();

/**
 * The HTTP API: a REST API whose routes come from `shared/api/routes.ts`, each a Lambda proxy
 * integration with its area's function (one function per area, routed inside by the same table),
 * and the settlement worker the main table's stream invokes.
 */
export class ApiStack extends Stack {
  public readonly api: RestApi;
  /** One function per API area, including areas that have no routes yet. */
  public readonly functions: Readonly<Record<Area, ApiFunction>>;
  /** Runs settlement tasks inserted into the main table (with its stream mapping and DLQ). */
  public readonly settlement: SettlementWorker;
  /** Loads the most-read markets into the cache after a deploy and when the hit rate drops. */
  public readonly cacheWarmer: CacheWarmer;
  public readonly accessLogGroup: LogGroup;
  public readonly waf: ApiWaf;
  /** Every route's method, by route id. */
  public readonly methods: Readonly<Record<string, Method>>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    const tableNames = Object.fromEntries(
      TABLE_NAMES.map((name) => [name, props.tables[name].tableName]),
    ) as Record<TableName, string>;
    const common = {
      stage: config.stage,
      version: config.version,
      tableNames,
      keys: props.keys,
      network: props.network,
      cache: props.cache,
      logRetention: config.logRetentionDays,
      memorySize: config.functionMemoryMb,
    };
    const functions = {} as Record<Area, ApiFunction>;
    for (const area of AREAS) {
      const fn = new ApiFunction(this, `${capitalize(area)}Function`, {
        ...common,
        area,
        timeout: Duration.seconds(config.functionTimeoutSeconds),
      });
      grantFunctionAccess(fn, { tables: props.tables, keys: props.keys, cache: props.cache, usesPii: PII_AREAS.includes(area) });
      functions[area] = fn;
    }
    this.functions = functions;

    this.settlement = new SettlementWorker(this, 'Settlement', { ...common, table: props.tables.main });
    // The same access as `admin`: settlement writes markets, accounts and the ledger, and its cold
    // start (the shared composition root) reads the identity keys like every other function's.
    grantFunctionAccess(this.settlement.worker, { tables: props.tables, keys: props.keys, cache: props.cache, usesPii: true });

    this.cacheWarmer = new CacheWarmer(this, 'CacheWarmer', {
      ...common,
      table: props.tables.main,
      runAfter: [props.tables.main, ...(props.warmAfter ?? [])],
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.api = new RestApi(this, 'Api', {
      restApiName: restApiName(config.stage),
      description: `FundCast ${config.stage} HTTP API`,
      endpointTypes: [EndpointType.REGIONAL],
      cloudWatchRole: config.manageApiGatewayAccount,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.throttling.rateLimit,
        throttlingBurstLimit: config.throttling.burstLimit,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request and response bodies carry credentials and PII: never in execution logs.
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });

    new ProblemGatewayResponses(this, 'Problems', { api: this.api });
    const routes = props.routes ?? ROUTES;
    this.methods = this.addRoutes(routes);

    this.waf = new ApiWaf(this, 'Waf', {
      stage: config.stage,
      stageArn: this.api.deploymentStage.stageArn,
      rateLimitPer5Minutes: config.wafRateLimitPer5Minutes,
    });

    this.acknowledgeFindings(config, routes);
  }

  private addRoutes(routes: readonly RouteDefinition[]): Record<string, Method> {
    // Path parameters are validated as present; bodies and queries are validated by the handler's zod schemas.
    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: this.api,
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const integrations = Object.fromEntries(
      AREAS.map((area) => [area, new LambdaIntegration(this.functions[area].function, { allowTestInvoke: false })]),
    ) as Record<Area, LambdaIntegration>;

    const methods: Record<string, Method> = {};
    for (const route of routes) {
      const resource = resourceForPath(this.api.root, route);
      methods[route.id] = resource.addMethod(route.method, integrations[route.area], {
        operationName: route.id,
        requestValidator: validator,
        requestParameters: Object.fromEntries(
          pathParameters(route.path).map((name) => [`method.request.path.${name}`, true]),
        ),
      });
    }
    return methods;
  }

  /**
   * cdk-nag findings this stack accepts, each on the narrowest construct: the methods (their
   * authorization is the Lambda's job) and the account-level logging role.
   */
  private acknowledgeFindings(config: CdkConfig, routes: readonly RouteDefinition[]): void {
    for (const route of routes) {
      const method = this.methods[route.id];
      if (!method) continue;
      const reason =
        route.permission === PUBLIC
          ? `${route.method} ${route.path} is public by design (permission "${PUBLIC}" in shared/api/routes.ts); abuse is bounded by WAF, stage throttling and the handlers' rate limiter.`
          : `${route.method} ${route.path} requires permission "${route.permission}", enforced by the ${route.area} function: a jose-verified bearer JWT (pinned alg, issuer, audience) checked against the route table instead of an API Gateway authorizer.`;
      // On the CfnMethod only, so the reason lands on the method in the template and nowhere else.
      Validations.of(method.node.defaultChild ?? method).acknowledge(
        { id: 'AwsSolutions-APIG4', reason },
        {
          id: 'AwsSolutions-COG4',
          reason: 'FundCast issues its own tokens (password + TOTP login, rotating refresh tokens) rather than using Cognito user pools; each function verifies them per route.',
        },
      );
    }
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (config.manageApiGatewayAccount && cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-wide API Gateway logging role (needed for access and execution logs) uses the AWS-maintained policy made for it; API Gateway names its log groups itself, so no narrower resource list exists.',
      });
    }
  }
}

/** `/markets/{id}/orders` → `['id']`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] as string);
}

/**
 * The resource of a route path, creating the missing segments; `{param}` segments become
 * path-parameter resources. API Gateway allows one parameter resource per parent, so two routes
 * naming the same position differently is an error here, not at deploy time.
 */
function resourceForPath(root: IResource, route: RouteDefinition): IResource {
  let resource = root;
  for (const segment of route.path.split('/').filter((part) => part.length > 0)) {
    if (segment.startsWith('{')) {
      const sibling = resource.node.children.find(
        (child): child is IResource =>
          isResource(child) && child.path.split('/').at(-1)?.startsWith('{') === true && !child.path.endsWith(`/${segment}`),
      );
      if (sibling) {
        throw new Error(
          `Route ${route.id} (${route.path}) names parameter ${segment} where ${sibling.path} already has another; API Gateway allows one per level.`,
        );
      }
    }
    resource = resource.getResource(segment) ?? resource.addResource(segment);
  }
  return resource;
}

function isResource(value: unknown): value is IResource {
  return typeof value === 'object' && value !== null && 'addMethod' in value && 'path' in value;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
