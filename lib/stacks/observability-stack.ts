import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Dashboard, GraphWidget, Metric, TextWidget, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { Area } from '../../shared/api/route-types.js';

export interface ObservabilityStackProps extends StackProps {
  readonly stage: string;
  /** Subscribed to the on-call topic when set. */
  readonly alarmEmail?: string;
  /** REST API name: the `ApiName` dimension of the API Gateway metrics. */
  readonly apiName: string;
  /** Physical function name of each area. */
  readonly functionNames: Readonly<Record<Area, string>>;
}

const PERIOD = Duration.minutes(1);

/**
 * What on-call engineers look at: the on-call SNS topic alarms notify, and the stage's
 * CloudWatch dashboard. Metrics are addressed by name (API name, function names), so this stack
 * holds no cross-stack reference and alarms from `shared/sre` can be added here later.
 */
export class ObservabilityStack extends Stack {
  /** Alarm notifications for on-call; encrypted with {@link onCallKey}, TLS-only publishing. */
  public readonly onCallTopic: Topic;
  public readonly onCallKey: Key;
  public readonly dashboard: Dashboard;
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

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `fundcast-${props.stage}`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [new TextWidget({ markdown: `# FundCast ${props.stage}: API`, width: 24, height: 1 })],
        this.apiWidgets(),
        [new TextWidget({ markdown: '# Functions, per API area', width: 24, height: 1 })],
        this.functionWidgets(),
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
}
