import { describe, expect, it } from 'vitest';
import { FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME, NETWORK_INTERFACE_ACTIONS } from '../../lib/constructs/api-function.js';
import { CACHE_WARMER_NAME } from '../../lib/constructs/cache-warmer.js';
import { STREAM_READ_ACTIONS } from '../../lib/constructs/table-access.js';
import { AREAS } from '../../shared/api/route-types.js';
import { crossStackValue, resources, useNaggedDevStage } from './synth.js';
import { type Statement, arnOf, asList, idOf, roleStatements, type Construct } from './template-refs.js';

const dev = useNaggedDevStage();

const isStreamAction = (action: string) => (STREAM_READ_ACTIONS as readonly string[]).includes(action);

const worker = () => dev.synth.stacks.api.settlement.worker;
const queue = () => dev.synth.stacks.api.settlement.deadLetterQueue;
const mainTable = () => dev.synth.stacks.data.tables.main;

function lambdaProps(fn: { function: { node: { defaultChild?: unknown } } }): Record<string, unknown> {
  const props = resources(dev.synth.templates.api, 'AWS::Lambda::Function')[idOf(fn.function)]?.Properties;
  expect(props).toBeDefined();
  return props ?? {};
}

function mappingProps(): Record<string, unknown> {
  const mappings = Object.values(resources(dev.synth.templates.api, 'AWS::Lambda::EventSourceMapping'));
  expect(mappings).toHaveLength(1);
  return mappings[0]?.Properties ?? {};
}

/** The statements of a function's role policy (exactly one policy per role). */
function statementsOf(fn: { role: Construct }): Statement[] {
  return roleStatements(dev.synth.templates.api, fn.role);
}

it('synthesizes the dev stage with cdk-nag attached and no unacknowledged finding', () => {
  expect(dev.error).toBeUndefined();
});

describe('main table stream (data stack)', () => {
  it('streams new images of the main table, and of no other table', () => {
    const tables = resources(dev.synth.templates.data, 'AWS::DynamoDB::Table');
    expect(tables[idOf(mainTable())]?.Properties?.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const others = Object.entries(tables).filter(([id]) => id !== idOf(mainTable()));
    expect(others.length).toBeGreaterThan(0);
    for (const [, table] of others) expect(table.Properties?.StreamSpecification).toBeUndefined();
  });
});

describe('settlement worker function', () => {
  it('is, with the cache warmer, the only named function besides the API areas', () => {
    const names = Object.values(resources(dev.synth.templates.api, 'AWS::Lambda::Function'))
      .map((fn) => fn.Properties?.FunctionName)
      // CDK's trigger provider has no physical name (cache-warmer.test.ts).
      .filter((name) => name !== undefined);
    expect(names.sort()).toEqual(
      [...AREAS.map((area) => `fundcast-dev-${area}`), 'fundcast-dev-settlement', `fundcast-dev-${CACHE_WARMER_NAME}`].sort(),
    );
  });

  it('has the function defaults: arm64, the API runtime, X-Ray, JSON logs to its own retained log group, a 5-minute timeout', () => {
    expect(lambdaProps(worker())).toMatchObject({
      FunctionName: 'fundcast-dev-settlement',
      Description: 'FundCast settlement worker (dev)',
      Handler: 'index.handler',
      Runtime: FUNCTION_RUNTIME.name,
      Architectures: [FUNCTION_ARCHITECTURE.name],
      MemorySize: dev.synth.config.functionMemoryMb,
      Timeout: 300,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: idOf(worker().logGroup) } },
    });
    expect(FUNCTION_RUNTIME.name).toBe('nodejs24.x');
    expect(FUNCTION_ARCHITECTURE.name).toBe('arm64');
    const logGroup = resources(dev.synth.templates.api, 'AWS::Logs::LogGroup')[idOf(worker().logGroup)];
    expect(logGroup?.DeletionPolicy).toBe('Retain');
    expect(logGroup?.Properties?.RetentionInDays).toBe(dev.synth.config.logRetentionDays);
    const role = resources(dev.synth.templates.api, 'AWS::IAM::Role')[idOf(worker().role)];
    expect(role?.Properties?.ManagedPolicyArns).toBeUndefined();
  });

  it('gets exactly the environment of the API functions: store, stage, tables and the five identity variables', () => {
    const variables = (lambdaProps(worker()).Environment as { Variables: Record<string, unknown> }).Variables;
    const admin = (lambdaProps(dev.synth.stacks.api.functions.admin).Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toEqual(admin);
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([
        'STORE',
        'MAIN_TABLE_NAME',
        'BREAKERS_TABLE_NAME',
        'AUTH_ISSUER',
        'AUTH_AUDIENCE',
        'SIGNING_KEYS_SECRET_ARN',
        'BLIND_INDEX_SECRET_ARN',
        'PII_KMS_KEY_ARN',
      ]),
    );
    expect(variables.STORE).toBe('dynamodb');
    expect(crossStackValue(dev.synth, variables.MAIN_TABLE_NAME)).toEqual({ Ref: idOf(mainTable()) });
    expect(crossStackValue(dev.synth, variables.PII_KMS_KEY_ARN)).toEqual(arnOf(dev.synth.stacks.data.piiKey));
  });
});

describe('stream event source mapping', () => {
  it('subscribes the worker to the main table stream from the trim horizon', () => {
    const props = mappingProps();
    expect(props.FunctionName).toEqual({ Ref: idOf(worker().function) });
    expect(crossStackValue(dev.synth, props.EventSourceArn)).toEqual({ 'Fn::GetAtt': [idOf(mainTable()), 'StreamArn'] });
    expect(props.StartingPosition).toBe('TRIM_HORIZON');
  });

  it('invokes the worker only for inserted task items (exact filter pattern)', () => {
    const filters = (mappingProps().FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filters).toEqual([{ Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"type":{"S":["task"]}}}}' }]);
    expect(JSON.parse(filters[0]?.Pattern ?? '')).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['task'] } } } });
  });

  it('reports batch item failures, bisects failing batches, retries a bounded number of times, one batch per shard', () => {
    expect(mappingProps()).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 6 * 3600,
      ParallelizationFactor: 1,
      BatchSize: 10,
    });
  });

  it('sends the batches it gives up on to the dead-letter queue', () => {
    expect(mappingProps().DestinationConfig).toEqual({ OnFailure: { Destination: arnOf(queue()) } });
  });
});

describe('settlement dead-letter queue', () => {
  it('is named for the stage, encrypted (SQS-managed keys) and keeps messages 14 days', () => {
    const resource = resources(dev.synth.templates.api, 'AWS::SQS::Queue')[idOf(queue())];
    expect(resource?.Properties).toEqual({
      QueueName: 'fundcast-dev-settlement-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    expect(dev.synth.stacks.api.settlement.deadLetterQueueName).toBe('fundcast-dev-settlement-dlq');
  });

  it('refuses every request that does not use TLS', () => {
    const policies = Object.values(resources(dev.synth.templates.api, 'AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties?.Queues).toEqual([{ Ref: idOf(queue()) }]);
    const statements = (policies[0]?.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: arnOf(queue()),
      }),
    );
  });
});

describe('settlement worker IAM', () => {
  it('may read the main table stream, that stream only', () => {
    const streamStatements = statementsOf(worker()).filter((s) => asList(s.Action).some(isStreamAction));
    expect(streamStatements).toHaveLength(1);
    expect(new Set(asList(streamStatements[0]?.Action ?? []))).toEqual(new Set(STREAM_READ_ACTIONS));
    expect(asList(streamStatements[0]?.Resource).map((resource) => crossStackValue(dev.synth, resource))).toEqual([
      { 'Fn::GetAtt': [idOf(mainTable()), 'StreamArn'] },
    ]);
    expect(streamStatements[0]?.Condition).toBeUndefined();
  });

  it('may send to its dead-letter queue and to no other queue', () => {
    const sqs = statementsOf(worker()).filter((s) => asList(s.Action).some((action) => action.startsWith('sqs:')));
    expect(sqs).toHaveLength(1);
    expect(asList(sqs[0]?.Action ?? []).sort()).toEqual(['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(sqs[0]?.Resource).toEqual(arnOf(queue()));
  });

  it("has exactly the admin function's table, secret and key statements (besides its own log group, stream and queue)", () => {
    const own = (s: Statement) =>
      asList(s.Action).some((action) => action.startsWith('logs:') || action.startsWith('sqs:') || isStreamAction(action));
    const normalise = (statements: Statement[]) =>
      statements
        .filter((s) => !own(s))
        .map((s) => JSON.stringify({ ...s, Action: asList(s.Action).sort() }))
        .sort();
    const workerStatements = normalise(statementsOf(worker()));
    expect(workerStatements).toEqual(normalise(statementsOf(dev.synth.stacks.api.functions.admin)));
    expect(workerStatements.some((s) => s.includes('dynamodb:PutItem'))).toBe(true);
    expect(workerStatements.some((s) => s.includes('secretsmanager:GetSecretValue'))).toBe(true);
  });

  it('names every resource except X-Ray and the VPC network interfaces (no wildcard for the stream or the queue)', () => {
    const wildcards = statementsOf(worker()).filter((s) => asList(s.Resource).some((resource) => JSON.stringify(resource).includes('*')));
    expect(wildcards.flatMap((s) => asList(s.Action)).sort()).toEqual(
      [...NETWORK_INTERFACE_ACTIONS, 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
  });
});

describe('settlement alarm and dashboard (observability stack)', () => {
  it('alarms as soon as the dead-letter queue holds a message, notifying on-call (and again when it is empty)', () => {
    const alarms = resources(dev.synth.templates.observability, 'AWS::CloudWatch::Alarm');
    const alarm = alarms[idOf(dev.synth.stacks.observability.settlementDlqAlarm)];
    const topic = { Ref: idOf(dev.synth.stacks.observability.onCallTopic) };
    expect(alarm?.Properties).toMatchObject({
      AlarmName: 'fundcast-dev-settlement-dead-letters',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    const metric = JSON.stringify(alarm?.Properties?.Metrics ?? alarm?.Properties);
    expect(metric).toContain('"Namespace":"AWS/SQS"');
    expect(metric).toContain('"MetricName":"ApproximateNumberOfMessagesVisible"');
    expect(metric).toContain('{"Name":"QueueName","Value":"fundcast-dev-settlement-dlq"}');
    expect(metric).toContain('"Stat":"Maximum"');
    expect(String(alarm?.Properties?.AlarmDescription)).toContain('docs/deploy.md');
  });

  it('lets CloudWatch publish to the encrypted on-call topic', () => {
    const policy = Object.values(resources(dev.synth.templates.observability, 'AWS::SNS::TopicPolicy'))[0];
    expect(JSON.stringify(policy?.Properties?.PolicyDocument)).toContain('"Service":"cloudwatch.amazonaws.com"');
    const key = resources(dev.synth.templates.observability, 'AWS::KMS::Key')[idOf(dev.synth.stacks.observability.onCallKey)];
    expect(JSON.stringify(key?.Properties?.KeyPolicy)).toContain('"Service":"cloudwatch.amazonaws.com"');
  });

  it("puts the worker's invocations, errors, duration and iterator age and the dead-letter alarm on the dashboard", () => {
    const dashboard = Object.values(resources(dev.synth.templates.observability, 'AWS::CloudWatch::Dashboard'))[0];
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);
    for (const metric of ['Invocations', 'Errors', 'Duration', 'IteratorAge']) {
      expect(body).toMatch(new RegExp(`\\\\"${metric}\\\\",\\\\"FunctionName\\\\",\\\\"fundcast-dev-settlement\\\\"`));
    }
    expect(body).toContain('Settlement worker');
    expect(body).toContain(idOf(dev.synth.stacks.observability.settlementDlqAlarm));
  });
});

describe('cdk-nag acknowledgements for the settlement worker', () => {
  it('acknowledges AwsSolutions-SQS3 on the dead-letter queue only, saying it is a DLQ', () => {
    const holders = Object.entries(
      dev.synth.templates.api.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>,
    ).flatMap(([resource, body]) => (body.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource, ...rule })));
    const sqs = holders.filter((rule) => rule.id.startsWith('AwsSolutions-SQS'));
    expect(sqs.map((rule) => [rule.resource, rule.id])).toEqual([[idOf(queue()), 'AwsSolutions-SQS3']]);
    expect(sqs[0]?.reason).toMatch(/itself a dead-letter queue.*on-failure destination/);
  });
});
