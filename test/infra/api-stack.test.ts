import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableEnvName } from '../../lib/constructs/api-function.js';
import { GATEWAY_PROBLEMS, staticHeaderValue } from '../../lib/constructs/problem-gateway-responses.js';
import { TABLE_KEY_ACTIONS, TABLE_READ_WRITE_ACTIONS } from '../../lib/constructs/table-access.js';
import { packageVersion } from '../../lib/project.js';
import { AREAS } from '../../shared/api/route-types.js';
import { ROUTES } from '../../shared/api/routes.js';
import { SECURITY_HEADERS } from '../../shared/http/headers.js';
import { PROBLEM_TYPE_BASE } from '../../shared/http/problem.js';
import { TABLE_NAMES, TABLES } from '../../shared/store/tables.js';
import { logicalId, resources, useNaggedDevStage } from './synth.js';

const dev = useNaggedDevStage();

it('synthesizes the dev stage with cdk-nag attached', () => {
  expect(dev.error).toBeUndefined();
});

describe('ApiStack functions', () => {
  it('has exactly one function per API area, plus the settlement worker, the cache warmer and CDK\'s trigger provider', () => {
    // settlement-worker.test.ts and cache-warmer.test.ts cover the three that are not API areas.
    dev.synth.templates.api.resourceCountIs('AWS::Lambda::Function', AREAS.length + 3);
  });

  it.each(AREAS)('%s: arm64, nodejs24.x, X-Ray, JSON logs to its own log group, environment', (area) => {
    const fn = dev.synth.stacks.api.functions[area];
    const all = resources(dev.synth.templates.api, 'AWS::Lambda::Function');
    const props = all[logicalId(fn.function.node.defaultChild)]?.Properties;
    const tableEnv = Object.fromEntries(
      TABLE_NAMES.map((name) => [tableEnvName(name), Match.anyValue()]),
    );
    expect(props).toBeDefined();
    dev.synth.templates.api.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `fundcast-dev-${area}`,
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      MemorySize: dev.synth.config.functionMemoryMb,
      Timeout: dev.synth.config.functionTimeoutSeconds,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(fn.logGroup.node.defaultChild) } },
      Environment: {
        Variables: {
          STORE: 'dynamodb',
          FUNDCAST_STAGE: 'dev',
          FUNDCAST_VERSION: packageVersion(),
          POWERTOOLS_SERVICE_NAME: 'fundcast',
          POWERTOOLS_METRICS_NAMESPACE: 'FundCast',
          NODE_OPTIONS: '--enable-source-maps',
          ...tableEnv,
        },
      },
    });
    dev.synth.templates.api.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: dev.synth.config.logRetentionDays },
    });
    // The role has no managed policy (no AWSLambdaBasicExecutionRole): only what is granted below.
    const roles = resources(dev.synth.templates.api, 'AWS::IAM::Role');
    expect(roles[logicalId(fn.role.node.defaultChild)]?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it.each(AREAS)('%s: may read and write every table and its indexes, and use the key only through DynamoDB', (area) => {
    const fn = dev.synth.stacks.api.functions[area];
    const policies = resources(dev.synth.templates.api, 'AWS::IAM::Policy');
    const policy = Object.values(policies).find((p) =>
      JSON.stringify(p.Properties?.Roles).includes(logicalId(fn.role.node.defaultChild)),
    );
    const statements = (policy?.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    const dynamo = statements.find((s) => JSON.stringify(s.Action).includes('dynamodb:PutItem'));
    expect(new Set(dynamo?.Action as string[])).toEqual(new Set(TABLE_READ_WRITE_ACTIONS));
    const resourcesText = JSON.stringify(dynamo?.Resource);
    for (const name of TABLE_NAMES) {
      for (const indexName of Object.keys(TABLES[name].indexes)) expect(resourcesText).toContain(`/index/${indexName}`);
    }
    expect(resourcesText).not.toContain('*');
    expect((dynamo?.Resource as unknown[]).length).toBe(
      TABLE_NAMES.reduce((count, name) => count + 1 + Object.keys(TABLES[name].indexes).length, 0),
    );
    // The table key's statement; the secrets and PII key statements are asserted in identity-keys.test.ts.
    const kms = statements.find((s) => JSON.stringify(s.Condition ?? {}).includes('dynamodb.'));
    expect(new Set(kms?.Action as string[])).toEqual(new Set(TABLE_KEY_ACTIONS));
    expect(JSON.stringify(kms?.Condition)).toContain('kms:ViaService');
  });
});

/** Full resource path of every AWS::ApiGateway::Resource, by logical id. */
function resourcePaths(template: Template): Map<string, string> {
  const all = resources(template, 'AWS::ApiGateway::Resource');
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    const props = all[id]?.Properties as { ParentId: { Ref?: string }; PathPart: string };
    const parent = props.ParentId.Ref ? pathOf(props.ParentId.Ref) : '';
    const path = `${parent}/${props.PathPart}`;
    paths.set(id, path);
    return path;
  };
  for (const id of Object.keys(all)) pathOf(id);
  return paths;
}

describe('ApiStack routes', () => {
  it('has one method per route and no other', () => {
    dev.synth.templates.api.resourceCountIs('AWS::ApiGateway::Method', ROUTES.length);
  });

  it.each(ROUTES.map((route) => [route.id, route] as const))('%s: method, full path, proxy to its area function', (_id, route) => {
    const paths = resourcePaths(dev.synth.templates.api);
    const methods = Object.values(resources(dev.synth.templates.api, 'AWS::ApiGateway::Method'));
    const method = methods.find((m) => {
      const props = m.Properties as { HttpMethod: string; ResourceId: { Ref?: string } };
      return props.HttpMethod === route.method && props.ResourceId.Ref !== undefined && paths.get(props.ResourceId.Ref) === route.path;
    });
    expect(method, `${route.method} ${route.path}`).toBeDefined();
    const props = method?.Properties as { Integration: { Type: string; IntegrationHttpMethod: string; Uri: unknown }; OperationName: string; AuthorizationType: string };
    expect(props.OperationName).toBe(route.id);
    expect(props.Integration.Type).toBe('AWS_PROXY');
    expect(props.Integration.IntegrationHttpMethod).toBe('POST');
    const fnId = logicalId(dev.synth.stacks.api.functions[route.area].function.node.defaultChild);
    expect(JSON.stringify(props.Integration.Uri)).toContain(`"${fnId}"`);
    for (const other of AREAS.filter((area) => area !== route.area)) {
      const otherId = logicalId(dev.synth.stacks.api.functions[other].function.node.defaultChild);
      expect(JSON.stringify(props.Integration.Uri)).not.toContain(`"${otherId}"`);
    }
  });
});

describe('ApiStack stage, errors and WAF', () => {
  it('throttles, traces, records metrics and writes JSON access logs with the request id', () => {
    const stages = Object.values(resources(dev.synth.templates.api, 'AWS::ApiGateway::Stage'));
    expect(stages).toHaveLength(1);
    const props = stages[0]?.Properties as {
      StageName: string;
      TracingEnabled: boolean;
      MethodSettings: Record<string, unknown>[];
      AccessLogSetting: { DestinationArn: unknown; Format: string };
    };
    expect(props.StageName).toBe('dev');
    expect(props.TracingEnabled).toBe(true);
    expect(props.MethodSettings).toContainEqual(
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: dev.synth.config.throttling.rateLimit,
        ThrottlingBurstLimit: dev.synth.config.throttling.burstLimit,
        MetricsEnabled: true,
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
      }),
    );
    expect(JSON.stringify(props.AccessLogSetting.DestinationArn)).toContain(logicalId(dev.synth.stacks.api.accessLogGroup.node.defaultChild));
    const line = JSON.parse(props.AccessLogSetting.Format.replace('$context.error.messageString', '"boom"')) as Record<string, string>;
    expect(line).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      responseLatency: '$context.responseLatency',
      errorMessage: 'boom',
    });
  });

  it.each(GATEWAY_PROBLEMS.map((p) => [p.responseType.responseType, p] as const))(
    '%s is a problem+json response with security headers',
    (type, problem) => {
      const responses = Object.values(resources(dev.synth.templates.api, 'AWS::ApiGateway::GatewayResponse'));
      const response = responses.find((r) => r.Properties?.ResponseType === type);
      const props = response?.Properties as {
        StatusCode: string;
        ResponseParameters: Record<string, string>;
        ResponseTemplates: Record<string, string>;
      };
      expect(props.StatusCode).toBe(String(problem.status));
      const header = (name: string) => props.ResponseParameters[`gatewayresponse.header.${name}`];
      expect(header('Content-Type')).toBe("'application/problem+json'");
      expect(header('Strict-Transport-Security')).toMatch(/^'max-age=\d+/);
      expect(header('X-Content-Type-Options')).toBe("'nosniff'");
      expect(header('X-Frame-Options')).toBe("'DENY'");
      expect(header('Content-Security-Policy')).toContain("default-src \\'none\\'");
      expect(header('Content-Security-Policy')).toContain("frame-ancestors \\'none\\'");
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(header(name)).toBe(staticHeaderValue(value));
      if (problem.status === 429) expect(header('Retry-After')).toBe("'1'");
      const body = JSON.parse(props.ResponseTemplates['application/json'] ?? '') as Record<string, unknown>;
      expect(body).toEqual({
        type: `${PROBLEM_TYPE_BASE}${problem.code}`,
        title: problem.title,
        status: problem.status,
        correlationId: '$context.requestId',
      });
    },
  );

  it('rewrites DEFAULT_4XX and DEFAULT_5XX, and every other gateway response type', () => {
    const types = Object.values(resources(dev.synth.templates.api, 'AWS::ApiGateway::GatewayResponse')).map((r) => r.Properties?.ResponseType);
    expect(types).toEqual(expect.arrayContaining(['DEFAULT_4XX', 'DEFAULT_5XX', 'MISSING_AUTHENTICATION_TOKEN', 'THROTTLED']));
    expect(types).toHaveLength(GATEWAY_PROBLEMS.length);
  });

  it('validates required path parameters', () => {
    dev.synth.templates.api.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestParameters: true,
      ValidateRequestBody: true,
    });
  });

  it('puts a regional WAF web ACL with managed rules and a per-IP rate limit on the stage', () => {
    dev.synth.templates.api.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }) } }),
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP', Limit: dev.synth.config.wafRateLimitPer5Minutes }) },
        }),
      ]),
    });
    const stageId = logicalId(dev.synth.stacks.api.api.deploymentStage.node.defaultChild);
    const associations = Object.values(resources(dev.synth.templates.api, 'AWS::WAFv2::WebACLAssociation'));
    expect(associations).toHaveLength(1);
    expect(JSON.stringify(associations[0]?.Properties?.ResourceArn)).toContain(stageId);
  });
});
