import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { DestinationConfig, IDestination } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { alertKey } from '../../shared/sre/index.js';
import { TABLES, type TableName } from '../../shared/store/tables.js';
import { workerEntry } from '../project.js';
import { FundcastFunction, type FundcastFunctionProps } from './api-function.js';
import { grantColdStartAccess } from './function-access.js';
import { grantTableRead, grantTableReadWrite, TABLE_KEY_ACTIONS } from './table-access.js';

/** Short name: function `fundcast-<stage>-alert-dispatcher`, entry `functions/workers/alert-dispatcher.ts`. */
export const ALERT_DISPATCHER_NAME = 'alert-dispatcher';

export const ALERT_DISPATCHER = {
  /** A cache warm (about a minute at worst) plus a publish and a few breaker writes. */
  timeout: Duration.seconds(90),
  /**
   * Reserved so alerts still run when a traffic surge has used up the account's concurrency,
   * which is when high_error_rate fires; a few, because alarms often fire together and the
   * cooldown claim (a conditional write) makes concurrent dispatches safe.
   */
  reservedConcurrency: 3,
  /** Lambda's retries of a failed asynchronous invocation before it goes to the on-call topic. */
  retryAttempts: 2,
  maxEventAge: Duration.hours(1),
} as const;

/** The pk prefix of the cooldown items (`SRE#ALERT#<rule id>`): the only main-table items the dispatcher writes. */
export const COOLDOWN_KEY_PREFIX = alertKey('').pk;

/** Publishing to an encrypted topic: the data key SNS generates and decrypts under the topic's key. */
export const TOPIC_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

export interface AlertDispatcherProps extends Omit<FundcastFunctionProps, 'name' | 'entry' | 'purpose' | 'timeout' | 'reservedConcurrency'> {
  readonly tables: Readonly<Record<TableName, ITable>>;
  readonly topic: ITopic;
  readonly topicKey: IKey;
}

/**
 * The alert dispatcher (`functions/workers/alert-dispatcher.ts`): the alarms invoke it, it claims
 * the rule's cooldown in the main table and runs the rule's actions (notify on-call through the
 * topic, warm the cache, re-enable disabled breakers). An invocation that still fails after
 * Lambda's retries is published to the on-call topic, so a page never disappears silently.
 */
export class AlertDispatcher extends Construct {
  public readonly dispatcher: FundcastFunction;

  constructor(scope: Construct, id: string, props: AlertDispatcherProps) {
    super(scope, id);
    const { tables, topic, topicKey, ...common } = props;

    this.dispatcher = new FundcastFunction(this, 'Dispatcher', {
      ...common,
      name: ALERT_DISPATCHER_NAME,
      entry: workerEntry(ALERT_DISPATCHER_NAME),
      purpose: 'alert dispatcher',
      timeout: ALERT_DISPATCHER.timeout,
      reservedConcurrency: ALERT_DISPATCHER.reservedConcurrency,
    });
    const fn = this.dispatcher.function;
    fn.addEnvironment('ONCALL_TOPIC_ARN', topic.topicArn);

    // Main table: reads (the cache warm's market reads, the cooldown item) and updates of the
    // cooldown items only, enforced by the partition-key prefix.
    grantTableRead(fn, tables.main, TABLES.main);
    Grant.addToPrincipal({
      grantee: fn,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [tables.main.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${COOLDOWN_KEY_PREFIX}*`] } },
    });
    if (tables.main.encryptionKey) {
      Grant.addToPrincipal({
        grantee: fn,
        actions: [...TABLE_KEY_ACTIONS],
        resourceArns: [tables.main.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
      });
    }
    // Breakers table: reads the shared state and resets disabled breakers, as the registry does.
    grantTableReadWrite(fn, tables.breakers, TABLES.breakers);
    grantColdStartAccess(this.dispatcher, props);

    // The topic only, and its key only through SNS.
    Grant.addToPrincipal({ grantee: fn, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
    Grant.addToPrincipal({
      grantee: fn,
      actions: [...TOPIC_KEY_ACTIONS],
      resourceArns: [topicKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` } },
    });

    fn.configureAsyncInvoke({
      retryAttempts: ALERT_DISPATCHER.retryAttempts,
      maxEventAge: ALERT_DISPATCHER.maxEventAge,
      onFailure: topicDestination(topic),
    });
  }
}

/**
 * An SNS on-failure destination without CDK's SnsDestination, whose grant adds
 * `kms:GenerateDataKey*` on the key; the statements above already allow exactly what is needed.
 */
function topicDestination(topic: ITopic): IDestination {
  return { bind: (): DestinationConfig => ({ destination: topic.topicArn }) };
}
