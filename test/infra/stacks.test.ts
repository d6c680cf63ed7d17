import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../shared/api/route-types.js';
import { ROUTES } from '../../shared/api/routes.js';
import { TABLE_NAMES, TABLES, type TableDefinition } from '../../shared/store/tables.js';
import { logicalId, resources, scrubbedTemplate, useNaggedDevStage } from './synth.js';

const dev = useNaggedDevStage();

describe('the dev stage', () => {
  it('synthesizes with cdk-nag AwsSolutions attached and no unacknowledged finding', () => {
    // Template.fromStack runs the validation plugins and throws on any finding.
    expect(dev.error).toBeUndefined();
    expect(dev.synth.stacks.api.stackName).toBe('fundcast-dev-api');
    expect(dev.synth.stacks.data.stackName).toBe('fundcast-dev-data');
    expect(dev.synth.stacks.observability.stackName).toBe('fundcast-dev-observability');
  });

  it('matches the scrubbed template snapshots', async () => {
    const version = dev.synth.config.version;
    await expect(scrubbedTemplate(dev.synth.templates.data, version)).toMatchFileSnapshot('__snapshots__/fundcast-dev-data.template.json');
    await expect(scrubbedTemplate(dev.synth.templates.api, version)).toMatchFileSnapshot('__snapshots__/fundcast-dev-api.template.json');
    await expect(scrubbedTemplate(dev.synth.templates.observability, version)).toMatchFileSnapshot(
      '__snapshots__/fundcast-dev-observability.template.json',
    );
  });
});

describe('DataStack', () => {
  it('creates exactly one table per entry of TABLES', () => {
    dev.synth.templates.data.resourceCountIs('AWS::DynamoDB::Table', TABLE_NAMES.length);
  });

  it.each(TABLE_NAMES)('table %s: keys, on-demand, PITR, deletion protection, KMS, TTL, GSIs, retained', (name) => {
    const definition: TableDefinition = TABLES[name];
    const table = dev.synth.stacks.data.tables[name];
    const all = resources(dev.synth.templates.data, 'AWS::DynamoDB::Table');
    const resource = all[logicalId(table.node.defaultChild)];
    expect(resource).toBeDefined();
    expect(resource?.DeletionPolicy).toBe('Retain');

    const keyId = logicalId(dev.synth.stacks.data.dataKey.node.defaultChild);
    const indexes = Object.entries(definition.indexes);
    expect(resource?.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: definition.partitionKey, KeyType: 'HASH' },
        { AttributeName: definition.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    const attributes = resource?.Properties?.AttributeDefinitions as { AttributeName: string; AttributeType: string }[];
    const keyAttributes = [definition.partitionKey, definition.sortKey, ...indexes.flatMap(([, i]) => [i.partitionKey, i.sortKey])];
    expect(new Set(attributes.map((a) => a.AttributeName))).toEqual(new Set(keyAttributes));
    expect(attributes.every((a) => a.AttributeType === 'S')).toBe(true);

    if (definition.ttlAttribute) {
      expect(resource?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: definition.ttlAttribute, Enabled: true });
    } else {
      expect(resource?.Properties?.TimeToLiveSpecification).toBeUndefined();
    }

    const gsis = (resource?.Properties?.GlobalSecondaryIndexes ?? []) as unknown[];
    expect(gsis).toHaveLength(indexes.length);
    expect(gsis).toEqual(
      expect.arrayContaining(
        indexes.map(([indexName, index]) => ({
          IndexName: indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      ),
    );
  });

  it('encrypts with a retained customer-managed key that rotates', () => {
    dev.synth.templates.data.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });
});

describe('ObservabilityStack', () => {
  it('has a KMS-encrypted on-call topic that only accepts TLS publishers', () => {
    const template = dev.synth.templates.observability;
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const keyId = logicalId(dev.synth.stacks.observability.onCallKey.node.defaultChild);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
  });

  it('has a dashboard with API count/4xx/5xx/latency percentiles and per-area Lambda errors, duration, throttles', () => {
    const template = dev.synth.templates.observability;
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(resources(template, 'AWS::CloudWatch::Dashboard'))[0];
    expect(dashboard?.Properties?.DashboardName).toBe('fundcast-dev');
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);
    for (const metric of ['Count', '4XXError', '5XXError', 'Latency']) expect(body).toContain(`\\"${metric}\\"`);
    for (const stat of ['p50', 'p95', 'p99']) expect(body).toContain(`\\"stat\\":\\"${stat}\\"`);
    expect(body).toContain('fundcast-dev-api');
    for (const area of AREAS) {
      for (const metric of ['Errors', 'Duration', 'Throttles']) {
        expect(body).toMatch(new RegExp(`\\\\"${metric}\\\\",\\\\"FunctionName\\\\",\\\\"fundcast-dev-${area}\\\\"`));
      }
    }
  });
});

describe('cdk-nag acknowledgements', () => {
  /** Every acknowledged rule, as written into the templates' `cdk_nag` metadata. */
  function acknowledged(): { resource: string; id: string; reason: string }[] {
    return Object.values(dev.synth.templates).flatMap((template) =>
      Object.entries(template.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>).flatMap(
        ([resource, body]) => (body.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource, ...rule })),
      ),
    );
  }

  /** CDK's own acknowledgements of its template validation, which cdk-nag writes into the same metadata. */
  const CDK_VALIDATION_RULES = new Set([
    // Any VPC reads the stack's AZs (Fn::GetAZs in an environment-agnostic stack).
    'CloudFormation-Validate::W3010',
    // The flow log's DestinationOptions casing.
    'CloudFormation-Validate::F3002',
    'CloudFormation-Validate::F3003',
  ]);

  it("carries CDK's own template-validation acknowledgements only where CDK puts them (the data stack's VPC)", () => {
    const rules = acknowledged().filter((rule) => !rule.id.startsWith('AwsSolutions-'));
    expect(new Set(rules.map((rule) => rule.id))).toEqual(CDK_VALIDATION_RULES);
    const dataResources = new Set(Object.keys(dev.synth.templates.data.toJSON().Resources as object));
    for (const rule of rules) expect(dataResources.has(rule.resource), `${rule.id} on ${rule.resource}`).toBe(true);
  });

  it('acknowledges only the reviewed rules, each with a specific reason', () => {
    const rules = acknowledged().filter((rule) => !CDK_VALIDATION_RULES.has(rule.id));
    expect(new Set(rules.map((rule) => rule.id))).toEqual(
      new Set([
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        'AwsSolutions-APIG4',
        'AwsSolutions-COG4',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
      ]),
    );
    for (const rule of rules) expect(rule.reason.length, `${rule.id} on ${rule.resource}`).toBeGreaterThan(60);
  });

  it('acknowledges the X-Ray and network-interface wildcard on the function policies only, naming both', () => {
    const holders = acknowledged().filter((rule) => rule.id === 'AwsSolutions-IAM5[Resource::*]');
    // The api stack's functions and the alert dispatcher in the observability stack.
    const policies = [dev.synth.templates.api, dev.synth.templates.observability].flatMap((template) => Object.keys(resources(template, 'AWS::IAM::Policy')));
    expect(holders.map((rule) => rule.resource).sort()).toEqual(policies.sort());
    for (const rule of holders) expect(rule.reason).toMatch(/X-Ray.*VPC attachment.*ec2:Describe/s);
  });

  it('acknowledges APIG4 per route method, naming the route and its permission', () => {
    const holders = acknowledged().filter((rule) => rule.id === 'AwsSolutions-APIG4');
    expect(holders).toHaveLength(ROUTES.length);
    for (const route of ROUTES) {
      expect(holders.some((rule) => rule.reason.startsWith(`${route.method} ${route.path} `) && rule.reason.includes(route.permission))).toBe(true);
    }
  });
});
