import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { invalidateMarket } from '../../shared/cache/market-cache.js';

const deps = await createCloudDeps();

/**
 * The settlement worker: CDK subscribes it to the main table's stream, filtered to newly inserted
 * task items, so resolving or voiding a market starts it. Each record runs its task to the end;
 * the task claims itself conditionally, so a redelivered record never pays twice.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    const taskId = record.dynamodb?.NewImage?.id?.S;
    if (!taskId) continue;
    try {
      const task = await deps.trading.runTask(taskId);
      await invalidateMarket(deps.cache, task.marketId);
    } catch (error) {
      deps.observability.logger.error('settlement task failed', { taskId, error });
      failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? taskId });
    }
  }
  return { batchItemFailures: failures };
}
