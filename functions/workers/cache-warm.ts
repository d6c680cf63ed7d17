import { createCloudDeps } from '../../shared/app/cloud-deps.js';
import { warmMarketCache, type WarmResult } from '../../shared/app/warm-cache.js';

const deps = await createCloudDeps();

/**
 * The cache warmer outside HTTP: CDK runs it after every deploy and the low-cache-hit-rate alarm
 * invokes it, so a cold fleet or a cleared cache fills with the most-read markets before readers ask.
 */
export async function handler(): Promise<WarmResult> {
  const result = await warmMarketCache(deps);
  deps.observability.logger.info('cache warmed', { markets: result.marketIds.length, failed: result.failed });
  return result;
}
