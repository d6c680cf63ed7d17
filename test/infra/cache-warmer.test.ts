import { describe, expect, it } from 'vitest';
import { FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME, NETWORK_INTERFACE_ACTIONS } from '../../lib/constructs/api-function.js';
import { CACHE_WARMER_NAME } from '../../lib/constructs/cache-warmer.js';
import { SECRET_KEY_ACTIONS, SECRET_READ_ACTIONS } from '../../lib/constructs/key-access.js';
import { TABLE_READ_ACTIONS, TABLE_READ_KEY_ACTIONS } from '../../lib/constructs/table-access.js';
import { crossStackValue, logicalId, resources, useNaggedDevStage } from './synth.js';
import { arnOf, asList, type Construct, idOf, ref, type Statement, roleStatements } from './template-refs.js';

const dev = useNaggedDevStage();

const warmer = () => dev.synth.stacks.api.cacheWarmer.warmer;
const data = () => dev.synth.stacks.data;

/** A value with every weak cross-stack reference in it replaced by the data-stack value it stands for. */
function resolvedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolvedDeep);
  if (typeof value !== 'object' || value === null) return value;
  if ('Fn::GetStackOutput' in value) return crossStackValue(dev.synth, value);
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolvedDeep(inner)]));
}

function lambdaProps(fn: { function: Construct }): Record<string, unknown> {
  const props = resources(dev.synth.templates.api, 'AWS::Lambda::Function')[idOf(fn.function)]?.Properties;
  expect(props).toBeDefined();
  return props ?? {};
}

function warmerStatements(): Statement[] {
  return resolvedDeep(roleStatements(dev.synth.templates.api, warmer().role)) as Statement[];
}

const statementsOn = (resource: unknown) =>
  warmerStatements().filter((s) => asList(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(resource)));

it('synthesizes the dev stage with cdk-nag attached and no unacknowledged finding', () => {
  expect(dev.error).toBeUndefined();
});

describe('cache warmer function', () => {
  it('has the function defaults, a 60-second timeout and one reserved concurrent execution', () => {
    expect(lambdaProps(warmer())).toMatchObject({
      FunctionName: `fundcast-dev-${CACHE_WARMER_NAME}`,
      Description: 'FundCast cache warmer (dev)',
      Handler: 'index.handler',
      Runtime: FUNCTION_RUNTIME.name,
      Architectures: [FUNCTION_ARCHITECTURE.name],
      Timeout: 60,
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: ref(warmer().logGroup) },
    });
  });

  it('gets exactly the environment of the API functions: tables, identity key ARNs and the three REDIS_* variables', () => {
    const variables = (lambdaProps(warmer()).Environment as { Variables: Record<string, unknown> }).Variables;
    const trading = (lambdaProps(dev.synth.stacks.api.functions.trading).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toEqual(trading);
    expect(resolvedDeep(variables.MAIN_TABLE_NAME)).toEqual(ref(data().tables.main));
    expect(resolvedDeep(variables.SIGNING_KEYS_SECRET_ARN)).toEqual(ref(data().signingKeysSecret));
    expect(resolvedDeep(variables.BLIND_INDEX_SECRET_ARN)).toEqual(ref(data().blindIndexSecret));
    expect(resolvedDeep(variables.PII_KMS_KEY_ARN)).toEqual(arnOf(data().piiKey));
    expect(resolvedDeep(variables.REDIS_AUTH_SECRET_ARN)).toEqual(ref(data().cache.authTokenSecret));
    expect(variables.REDIS_CLUSTER).toBe('true');
    expect(JSON.stringify(resolvedDeep(variables.REDIS_URL))).toContain(logicalId(data().cache.replicationGroup));
  });

  it('runs in the isolated subnets with the functions security group (the only way to the cache)', () => {
    const vpcConfig = resolvedDeep(lambdaProps(warmer()).VpcConfig) as { SubnetIds: unknown[]; SecurityGroupIds: unknown[] };
    expect(vpcConfig.SubnetIds).toEqual(data().network.vpc.isolatedSubnets.map((subnet) => ref(subnet)));
    expect(vpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [idOf(data().network.functionsSecurityGroup), 'GroupId'] }]);
  });
});

describe('cache warmer IAM', () => {
  it('may read the main table and its indexes, and nothing else of DynamoDB', () => {
    const table = data().tables.main;
    const dynamo = warmerStatements().filter((s) => asList(s.Action).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(asList(dynamo[0]?.Action ?? []).sort()).toEqual([...TABLE_READ_ACTIONS].sort());
    expect(asList(dynamo[0]?.Resource)).toEqual([
      arnOf(table),
      { 'Fn::Join': ['', [arnOf(table), '/index/gsi1']] },
      { 'Fn::Join': ['', [arnOf(table), '/index/gsi2']] },
    ]);
  });

  it('may decrypt with the table key only through DynamoDB', () => {
    const onKey = statementsOn(arnOf(data().dataKey));
    expect(onKey).toHaveLength(1);
    expect(asList(onKey[0]?.Action ?? []).sort()).toEqual([...TABLE_READ_KEY_ACTIONS].sort());
    expect(JSON.stringify(onKey[0]?.Condition)).toMatch(/"kms:ViaService":\{"Fn::Join":\["",\["dynamodb\./);
  });

  it('may read the two identity secrets and the cache token (what the cold start loads), and never use the PII key', () => {
    const reads = warmerStatements().filter((s) => asList(s.Action).some((action) => action.startsWith('secretsmanager:')));
    expect(reads).toHaveLength(1);
    expect(asList(reads[0]?.Action ?? [])).toEqual([...SECRET_READ_ACTIONS]);
    const secrets = [data().signingKeysSecret, data().blindIndexSecret, data().cache.authTokenSecret].map((secret) => JSON.stringify(ref(secret)));
    expect(asList(reads[0]?.Resource).map((resource) => JSON.stringify(resource)).sort()).toEqual(secrets.sort());
    for (const key of [data().secretsKey, data().cache.key]) {
      const onKey = statementsOn(arnOf(key));
      expect(onKey).toHaveLength(1);
      expect(asList(onKey[0]?.Action ?? [])).toEqual([...SECRET_KEY_ACTIONS]);
      expect(JSON.stringify(onKey[0]?.Condition)).toContain('secretsmanager.');
    }
    expect(statementsOn(arnOf(data().piiKey))).toEqual([]);
  });

  it('has no write action and no wildcard resource beyond X-Ray and the VPC network interfaces', () => {
    const actions = warmerStatements().flatMap((s) => asList(s.Action));
    expect(actions.filter((action) => /^dynamodb:(Put|Update|Delete|BatchWrite|ConditionCheck|Transact)/.test(action))).toEqual([]);
    expect(actions.filter((action) => /^(sqs|sns|lambda|kms:(Encrypt|GenerateDataKey))/.test(action))).toEqual([]);
    const wildcards = warmerStatements().filter((s) => asList(s.Resource).some((resource) => JSON.stringify(resource).includes('*')));
    expect(wildcards.flatMap((s) => asList(s.Action)).sort()).toEqual(
      [...NETWORK_INTERFACE_ACTIONS, 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
  });

  it('holds no invoke permission: nothing but the trigger invokes it (the dispatcher warms in-process)', () => {
    const permissions = Object.values(resources(dev.synth.templates.api, 'AWS::Lambda::Permission')).filter(
      (permission) => JSON.stringify(permission.Properties?.FunctionName) === JSON.stringify(arnOf(warmer().function)),
    );
    expect(permissions).toEqual([]);
  });
});

describe('the after-deploy trigger', () => {
  function trigger(): { Properties: Record<string, unknown>; DependsOn?: string[] } {
    const triggers = Object.values(dev.synth.templates.api.findResources('Custom::Trigger')) as { Properties: Record<string, unknown>; DependsOn?: string[] }[];
    expect(triggers).toHaveLength(1);
    return triggers[0] ?? { Properties: {} };
  }

  it("invokes the warmer's current version, asynchronously, again whenever that version changes", () => {
    const { Properties: props } = trigger();
    expect(props).toMatchObject({ InvocationType: 'Event', ExecuteOnHandlerChange: true });
    const versionId = (props.HandlerArn as { Ref: string }).Ref;
    const version = resources(dev.synth.templates.api, 'AWS::Lambda::Version')[versionId];
    expect(version?.Properties?.FunctionName).toEqual(ref(warmer().function));
  });

  it('runs only after the warmer, its role policy and its log group exist, and after the cache cluster and the main table', () => {
    const dependsOn = trigger().DependsOn ?? [];
    const policyId = logicalId(warmer().role.node.findChild('DefaultPolicy').node.defaultChild);
    expect(dependsOn).toEqual(expect.arrayContaining([idOf(warmer().function), policyId, idOf(warmer().logGroup)]));
    // Across stacks CloudFormation has no DependsOn: the ordering becomes the api → data stack dependency.
    const nodeDependencies = dev.synth.stacks.api.cacheWarmer.trigger.node.dependencies;
    expect(nodeDependencies).toEqual(expect.arrayContaining([data().cache, data().tables.main]));
    expect(dev.synth.stacks.api.dependencies).toContain(data());
  });

  it("lets CDK's trigger provider invoke versions of the warmer and nothing else", () => {
    const roles = Object.entries(resources(dev.synth.templates.api, 'AWS::IAM::Role')).filter(([id]) => id.startsWith('AWSCDKTriggerCustomResourceProvider'));
    expect(roles).toHaveLength(1);
    const policies = roles[0]?.[1].Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[];
    const statements = policies.flatMap((policy) => policy.PolicyDocument.Statement);
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [{ 'Fn::Join': ['', [arnOf(warmer().function), ':*']] }] },
    ]);
  });
});
