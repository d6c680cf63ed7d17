import { ArnFormat, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaAction, SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { Area } from '../../shared/api/route-types.js';
import { lowCachePerformanceAlarmName } from '../constructs/cache-warmer.js';

export interface ObservabilityStackProps extends StackProps {
  readonly stage: string;
  /** Subscribed to the on-call topic when set. */
  readonly alarmEmail?: string;
  /** REST API name: the `ApiName` dimension of the API Gateway metrics. */
  readonly apiName: string;
  /** Physical function name of each area. */
  readonly functionNames: Readonly<Record<Area, string>>;
  /** Physical names of the settlement worker and its dead-letter queue. */
  readonly settlement: WorkerNames;
  /** Physical name of the cache warmer, which the low-cache-performance alarm invokes. */
  readonly cacheWarmerFunctionName: string;
}

/** A stream-triggered worker, by the physical names of its function and dead-letter queue. */
export interface WorkerNames {
  readonly functionName: string;
  readonly deadLetterQueueName: string;
}

const PERIOD = Duration.minutes(1);

/**
 * Where the functions' EMF metrics land: Powertools' namespace and its default `service`
 * dimension (`shared/observability`). Not per stage: stages sharing an account and region share
 * these metrics.
 */
export const APP_METRICS = { namespace: 'FundCast', dimensionsMap: { service: 'fundcast' } } as const;

/**
 * The low-cache-performance alarm: the hit rate of all cache reads (L1 or L2 hits over requests)
 * per 5 minutes, judged only when a period has enough requests for a rate to mean anything.
 */
export const CACHE_HIT_RATE_ALARM = {
  period: Duration.minutes(5),
  threshold: 0.8,
  minimumRequests: 50,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
} as const;

/**
 * What on-call engineers look at: the on-call SNS topic alarms notify (today: settlement dead
 * letters), and the stage's CloudWatch dashboard. Metrics are addressed by name (API name,
 * function and queue names), so this stack holds no cross-stack reference; alarms from
 * `shared/sre` can be added here later.
 */
export class ObservabilityStack extends Stack {
  /** Alarm notifications for on-call; encrypted with {@link onCallKey}, TLS-only publishing. */
  public readonly onCallTopic: Topic;
  public readonly onCallKey: Key;
  public readonly dashboard: Dashboard;
  /** In alarm while the settlement dead-letter queue holds a message: a settlement was given up on. */
  public readonly settlementDlqAlarm: Alarm;
  /** In alarm after 15 busy minutes under an 80 % hit rate; invokes the cache warmer and notifies on-call. */
  public readonly lowCachePerformanceAlarm: Alarm;
  private readonly props: ObservabilityStackProps;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    this.props = props;

    // A customer-managed key, not alias/aws/sns: CloudWatch alarms can only publish to an
    // encrypted topic whose key policy lets the CloudWatch service use the key.
    this.onCallKey = new Key(this, 'OnCallTopicKey', {
      description: `FundCast ${props.stage}: encrypts the on-call SNS topic`,
      alias: `alias/fundcast-${props.stage}-on-call`,
      enableKeyRotation: true,
    });
    this.onCallKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.onCallTopic = new Topic(this, 'OnCallTopic', {
      displayName: `FundCast ${props.stage} on-call`,
      masterKey: this.onCallKey,
      enforceSSL: true,
    });
    this.onCallTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.onCallTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    if (props.alarmEmail) this.onCallTopic.addSubscription(new EmailSubscription(props.alarmEmail));

    this.settlementDlqAlarm = new Alarm(this, 'SettlementDlqAlarm', {
      alarmName: `fundcast-${props.stage}-settlement-dead-letters`,
      alarmDescription:
        'A settlement task failed on every retry and its stream batch went to the dead-letter queue ' +
        `${props.settlement.deadLetterQueueName}: some market is not (fully) settled. Runbook: docs/deploy.md, "Settlement dead letters".`,
      metric: this.dlqVisibleMessages(props.settlement.deadLetterQueueName),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops reporting an idle, empty queue's metrics: no data means no dead letters.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const notifyOnCall = new SnsAction(this.onCallTopic);
    this.settlementDlqAlarm.addAlarmAction(notifyOnCall);
    this.settlementDlqAlarm.addOkAction(notifyOnCall);

    this.lowCachePerformanceAlarm = this.createLowCachePerformanceAlarm(notifyOnCall);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `fundcast-${props.stage}`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new TextWidget({ markdown: `# FundCast ${props.stage}: API`, width: 24, height: 1 })],
        this.apiWidgets(),
        [new TextWidget({ markdown: '# Functions, per API area', width: 24, height: 1 })],
        this.functionWidgets(),
        [new TextWidget({ markdown: '# Settlement worker (main table stream)', width: 24, height: 1 })],
        this.settlementWidgets(),
        [new TextWidget({ markdown: '# Cache', width: 24, height: 1 })],
        [new AlarmWidget({ title: 'Cache hit rate (5 min)', width: 12, alarm: this.lowCachePerformanceAlarm })],
      ],
    });
  }

  private createLowCachePerformanceAlarm(notifyOnCall: SnsAction): Alarm {
    const { props } = this;
    const total = (metricName: string) =>
      new Metric({ ...APP_METRICS, metricName, statistic: 'Sum', period: CACHE_HIT_RATE_ALARM.period });
    const hitRate = new MathExpression({
      // A quiet period counts as healthy (1) rather than as a rate computed from a handful of reads.
      expression: `IF(requests >= ${CACHE_HIT_RATE_ALARM.minimumRequests}, hits / requests, 1)`,
      usingMetrics: { hits: total('CacheHits'), requests: total('CacheRequests') },
      period: CACHE_HIT_RATE_ALARM.period,
      label: 'cache hit rate',
    });
    const alarm = new Alarm(this, 'LowCachePerformanceAlarm', {
      alarmName: lowCachePerformanceAlarmName(props.stage),
      alarmDescription:
        `The cache hit rate stayed under ${CACHE_HIT_RATE_ALARM.threshold * 100} % for ` +
        `${CACHE_HIT_RATE_ALARM.period.toMinutes() * CACHE_HIT_RATE_ALARM.evaluationPeriods} minutes with at least ` +
        `${CACHE_HIT_RATE_ALARM.minimumRequests} cache requests per 5 minutes. The alarm invokes ${props.cacheWarmerFunctionName}. ` +
        'Runbook: docs/deploy.md, "Cache warmer".',
      metric: hitRate,
      threshold: CACHE_HIT_RATE_ALARM.threshold,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: CACHE_HIT_RATE_ALARM.evaluationPeriods,
      datapointsToAlarm: CACHE_HIT_RATE_ALARM.datapointsToAlarm,
      // No traffic, no cache metrics: nothing to judge.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // Imported by name; the function's own stack grants this alarm (by name) the right to invoke it.
    const warmer = LambdaFunction.fromFunctionAttributes(this, 'CacheWarmer', {
      functionArn: this.formatArn({
        service: 'lambda',
        resource: 'function',
        resourceName: props.cacheWarmerFunctionName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      skipPermissions: true,
    });
    alarm.addAlarmAction(new LambdaAction(warmer), notifyOnCall);
    alarm.addOkAction(notifyOnCall);
    return alarm;
  }

  private apiMetric(metricName: string, statistic: string, label: string): Metric {
    return new Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: this.props.apiName },
      statistic,
      period: PERIOD,
      label,
    });
  }

  private apiWidgets(): IWidget[] {
    return [
      new GraphWidget({
        title: 'Requests',
        width: 8,
        left: [this.apiMetric('Count', 'Sum', 'requests')],
      }),
      new GraphWidget({
        title: 'Errors (4xx, 5xx)',
        width: 8,
        left: [this.apiMetric('4XXError', 'Sum', '4xx'), this.apiMetric('5XXError', 'Sum', '5xx')],
      }),
      new GraphWidget({
        title: 'Latency (ms)',
        width: 8,
        left: ['p50', 'p95', 'p99'].map((percentile) => this.apiMetric('Latency', percentile, percentile)),
      }),
    ];
  }

  private lambdaMetrics(metricName: string, statistic: string): Metric[] {
    return Object.entries(this.props.functionNames).map(
      ([area, functionName]) =>
        new Metric({
          namespace: 'AWS/Lambda',
          metricName,
          dimensionsMap: { FunctionName: functionName },
          statistic,
          period: PERIOD,
          label: area,
        }),
    );
  }

  private functionWidgets(): IWidget[] {
    return [
      new GraphWidget({ title: 'Errors', width: 6, left: this.lambdaMetrics('Errors', 'Sum') }),
      new GraphWidget({ title: 'Throttles', width: 6, left: this.lambdaMetrics('Throttles', 'Sum') }),
      new GraphWidget({ title: 'Duration p95 (ms)', width: 6, left: this.lambdaMetrics('Duration', 'p95') }),
      new GraphWidget({ title: 'Duration p99 (ms)', width: 6, left: this.lambdaMetrics('Duration', 'p99') }),
    ];
  }

  private dlqVisibleMessages(queueName: string): Metric {
    return new Metric({
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensionsMap: { QueueName: queueName },
      statistic: 'Maximum',
      period: Duration.minutes(5),
      label: 'dead letters',
    });
  }

  private workerMetric(metricName: string, statistic: string, label: string): Metric {
    return new Metric({
      namespace: 'AWS/Lambda',
      metricName,
      dimensionsMap: { FunctionName: this.props.settlement.functionName },
      statistic,
      period: PERIOD,
      label,
    });
  }

  private settlementWidgets(): IWidget[] {
    return [
      new GraphWidget({
        title: 'Invocations and errors',
        width: 6,
        left: [this.workerMetric('Invocations', 'Sum', 'invocations'), this.workerMetric('Errors', 'Sum', 'errors')],
      }),
      new GraphWidget({
        title: 'Duration (ms)',
        width: 6,
        left: ['p95', 'p99', 'Maximum'].map((stat) => this.workerMetric('Duration', stat, stat)),
      }),
      // How far behind the stream the worker is: grows while a batch is being retried.
      new GraphWidget({ title: 'Iterator age max (ms)', width: 6, left: [this.workerMetric('IteratorAge', 'Maximum', 'iterator age')] }),
      new AlarmWidget({ title: 'Dead letters', width: 6, alarm: this.settlementDlqAlarm }),
    ];
  }
}
