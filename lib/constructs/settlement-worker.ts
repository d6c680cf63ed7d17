import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type EventSourceMapping, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { workerEntry } from '../project.js';
import { FundcastFunction, type FundcastFunctionProps } from './api-function.js';
import { grantStreamRead } from './table-access.js';

/** The worker's short name: function `fundcast-<stage>-settlement`, entry `functions/workers/settlement.ts`. */
export const SETTLEMENT_WORKER_NAME = 'settlement';

/** Physical name of the settlement dead-letter queue; known at synth time so alarms address it by name. */
export function settlementDlqName(stage: string): string {
  return `fundcast-${stage}-${SETTLEMENT_WORKER_NAME}-dlq`;
}

/**
 * How the stream is fed to the worker. Settlement is rare (one task per resolved or voided market)
 * and may take a while, so batches are small and the timeout long. A failed record is retried a
 * bounded number of times and for a bounded age (a batch that crashes or times out is also
 * halved), then reported to the dead-letter queue so the shard moves on. One batch per shard at
 * a time (parallelization factor 1): records of one partition key are never processed by two
 * invocations at once.
 */
export const SETTLEMENT_STREAM = {
  batchSize: 10,
  retryAttempts: 5,
  maxRecordAge: Duration.hours(6),
  parallelizationFactor: 1,
  timeout: Duration.minutes(5),
  /** Longest a dead letter is kept; the stream records it points at live 24 hours. */
  dlqRetention: Duration.days(14),
} as const;

export interface SettlementWorkerProps extends Omit<FundcastFunctionProps, 'name' | 'entry' | 'purpose' | 'timeout'> {
  /** The table task items are written to; it must have a stream with new images. */
  readonly table: ITable;
}

/**
 * The settlement worker (SPEC §3): resolving or voiding a market inserts a task item
 * (`type: 'task'`, `status: 'pending'`, `id`) into the main table, and that insertion, and
 * nothing else on the stream, invokes this function. The handler reports failed records
 * (`batchItemFailures`); records that still fail after the retries land, as stream pointers, in
 * an encrypted, TLS-only dead-letter queue that the observability stack alarms on. A redelivered
 * task is harmless: the task claims itself conditionally and settlement never pays twice.
 */
export class SettlementWorker extends Construct {
  public readonly worker: FundcastFunction;
  /** On-failure destination of the stream mapping: metadata of the batches given up on. */
  public readonly deadLetterQueue: Queue;
  /** Physical name of {@link deadLetterQueue}. */
  public readonly deadLetterQueueName: string;
  public readonly eventSourceMapping: EventSourceMapping;

  constructor(scope: Construct, id: string, props: SettlementWorkerProps) {
    super(scope, id);
    const { table, ...common } = props;

    this.worker = new FundcastFunction(this, 'Worker', {
      ...common,
      name: SETTLEMENT_WORKER_NAME,
      entry: workerEntry(SETTLEMENT_WORKER_NAME),
      purpose: 'settlement worker',
      timeout: SETTLEMENT_STREAM.timeout,
    });

    this.deadLetterQueueName = settlementDlqName(props.stage);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: this.deadLetterQueueName,
      // SQS-managed keys: a message holds only shard id, sequence numbers and times, never item
      // data, and a customer-managed key would need kms:GenerateDataKey* grants on the role.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: SETTLEMENT_STREAM.dlqRetention,
    });
    // On the CfnQueue only, so the reason lands on the queue and not on its TLS-only queue policy.
    Validations.of(this.deadLetterQueue.node.defaultChild ?? this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of the settlement stream mapping (cdk-nag only recognises SQS redrive and Lambda async DLQs). Nothing consumes it automatically; on-call reads it after the alarm.',
    });

    grantStreamRead(this.worker.function, table);
    this.eventSourceMapping = this.worker.function.addEventSourceMapping('TaskInserted', {
      eventSourceArn: table.tableStreamArn,
      // The oldest record still in the stream: a task inserted before the mapping existed (first
      // deploy) or while it was being replaced still runs; a rerun of a finished task is a no-op.
      startingPosition: StartingPosition.TRIM_HORIZON,
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { type: { S: FilterRule.isEqual('task') } } },
        }),
      ],
      batchSize: SETTLEMENT_STREAM.batchSize,
      parallelizationFactor: SETTLEMENT_STREAM.parallelizationFactor,
      reportBatchItemFailures: true,
      bisectBatchOnError: true,
      retryAttempts: SETTLEMENT_STREAM.retryAttempts,
      maxRecordAge: SETTLEMENT_STREAM.maxRecordAge,
      onFailure: new SqsDlq(this.deadLetterQueue),
    });
  }
}
