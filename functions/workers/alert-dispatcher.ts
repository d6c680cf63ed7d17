import type { CloudWatchAlarmEvent } from 'aws-lambda';
import { snsNotifier } from '../../shared/adapters/notify/index.js';
import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { warmMarketCache } from '../../shared/app/warm-cache.js';
import { ItemStoreBreakerStateStore } from '../../shared/resilience/index.js';
import { type DispatchResult, dispatchAlarm, enableDisabledBreakers, type EffectRunner } from '../../shared/sre/index.js';

const deps = await createCloudDeps();
const topicArn = process.env.ONCALL_TOPIC_ARN;
// Fail the cold start, not the first alarm: without a topic no alert would reach anyone.
if (!topicArn) throw new Error('ONCALL_TOPIC_ARN is required');
const notifier = snsNotifier({ topicArn, region: deps.config.region });
// Read each breaker's shared state from the table: this container's own view may be a cold default.
const breakerTable = new ItemStoreBreakerStateStore(deps.store);
const { logger } = deps.observability;

const run: EffectRunner = {
  notify: (subject, message) => notifier.notify(subject, message),
  async warmCache() {
    const result = await warmMarketCache(deps);
    logger.info('cache warmed', { markets: result.marketIds.length, failed: result.failed });
  },
  enableBreakers: () =>
    enableDisabledBreakers({
      names: () => deps.breakers.names(),
      sharedState: async (name) => (await breakerTable.read(name))?.state,
      reset: (name) => deps.breakers.reset(name),
    }),
  log: (message, details) => logger.info(message, details ?? {}),
};

/**
 * The alert dispatcher: CloudWatch invokes it (a Lambda alarm action, asynchronously) when an
 * alert-rule alarm or a page-level burn-rate alarm changes state. See shared/sre/dispatch.ts.
 */
export async function handler(event: CloudWatchAlarmEvent): Promise<DispatchResult> {
  const result = await dispatchAlarm(event, { store: deps.store, clock: deps.clock, stage: deps.config.stage, run });
  logger.info('alarm handled', { alarm: event.alarmData.alarmName, state: event.alarmData.state.value, ...result });
  return result;
}
