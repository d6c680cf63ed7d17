import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IWidget,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaAction, SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { Area } from '../../shared/api/route-types.js';
import { ALERT_RULES, notifiesOncall } from '../../shared/sre/index.js';
import type { TableName } from '../../shared/store/tables.js';
import { BurnRateAlarms, RuleAlarms } from '../constructs/alert-alarms.js';
import { AlertDispatcher, type AlertDispatcherProps } from '../constructs/alert-dispatcher.js';
import { sreWidgets } from '../constructs/sre-widgets.js';

export { APP_METRICS } from '../constructs/app-metrics.js';

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
  /** What the alert dispatcher function is built with (network, cache, keys, tables: the data stack's). */
  readonly dispatcher: Omit<AlertDispatcherProps, 'topic' | 'topicKey' | 'tables'>;
  /** The data stack's tables: the cooldown items (main) and the breaker states (breakers). */
  readonly tables: Readonly<Record<TableName, ITable>>;
}

/** A stream-triggered worker, by the physical names of its function and dead-letter queue. */
export interface WorkerNames {
  readonly functionName: string;
  readonly deadLetterQueueName: string;
}

const PERIOD = Duration.minutes(1);

/**
 * What on-call engineers look at and what acts on alerts: the on-call SNS topic, the alarms of
 * `shared/sre` (one per alert rule, and the multi-window burn-rate composites on the error
 * budget), the alert dispatcher they invoke, the settlement dead-letter alarm and the stage's
 * CloudWatch dashboard. Metrics are addressed by name (API name, function and queue names); the
 * dispatcher is the one thing that references the data stack (tables, keys, network, cache).
 */
export class ObservabilityStack extends Stack {
  /** Alarm notifications for on-call; encrypted with {@link onCallKey}, TLS-only publishing. */
  public readonly onCallTopic: Topic;
  public readonly onCallKey: Key;
  public readonly dashboard: Dashboard;
  /** In alarm while the settlement dead-letter queue holds a message: a settlement was given up on. */
  public readonly settlementDlqAlarm: Alarm;
  /** One alarm per alert rule of shared/sre; each invokes the dispatcher. */
  public readonly ruleAlarms: RuleAlarms;
  /** The multi-window burn-rate composites of BURN_RATE_POLICY and their window alarms. */
  public readonly burnRateAlarms: BurnRateAlarms;
  /** Claims each rule's cooldown and runs its actions. */
  public readonly alertDispatcher: AlertDispatcher;
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

    this.alertDispatcher = new AlertDispatcher(this, 'AlertDispatcher', {
      ...props.dispatcher,
      tables: props.tables,
      topic: this.onCallTopic,
      topicKey: this.onCallKey,
    });
    const dispatch = new LambdaAction(this.alertDispatcher.dispatcher.function);
    this.ruleAlarms = new RuleAlarms(this, 'AlertRules', { stage: props.stage });
    for (const rule of ALERT_RULES) {
      const alarm = this.ruleAlarms.alarms[rule.id];
      // Through the dispatcher only, so the cooldown governs notifications too; the rules that
      // tell on-call when they fire also tell when they clear.
      alarm.addAlarmAction(dispatch);
      if (notifiesOncall(rule)) alarm.addOkAction(notifyOnCall);
    }
    this.burnRateAlarms = new BurnRateAlarms(this, 'BurnRate', { stage: props.stage });
    for (const { alert, composite } of this.burnRateAlarms.alarms) {
      if (alert.severity === 'page') {
        // The page goes to SNS directly, so it does not depend on the dispatcher (a Lambda in a
        // VPC, the store); the dispatcher adds the high-error-rate remediation under its cooldown.
        composite.addAlarmAction(notifyOnCall, dispatch);
        composite.addOkAction(notifyOnCall);
      } else {
        // A ticket: the same topic, with "Severity: ticket" in the alarm description.
        composite.addAlarmAction(notifyOnCall);
      }
    }

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
        ...sreWidgets(),
        [this.alertStatusWidget()],
      ],
    });
  }

  /** Every alert-rule alarm and burn-rate composite, red or green at a glance. */
  private alertStatusWidget(): IWidget {
    return new AlarmStatusWidget({
      title: 'Alert rules and error-budget burn rate',
      width: 24,
      height: 3,
      alarms: [
        ...ALERT_RULES.map((rule) => this.ruleAlarms.alarms[rule.id]),
        ...this.burnRateAlarms.alarms.map((burn) => burn.composite),
      ],
    });
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
