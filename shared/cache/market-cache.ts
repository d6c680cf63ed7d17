import type { TwoTierCache } from './two-tier-cache.js';

/** Cache tags: one per market (detail, book, trades) and one for every market listing. */
export const marketTag = (marketId: string): string => `market:${marketId}`;
export const LISTINGS_TAG = 'markets';

/**
 * Called after every write that changes what a market's cached reads show (an order, a cancel, a
 * pause, a resolution, a settlement step): this container sees the change at once, every other
 * container within the cache's revalidation interval.
 */
export async function invalidateMarket(cache: TwoTierCache, marketId: string): Promise<void> {
  await cache.invalidate([marketTag(marketId), LISTINGS_TAG]);
}
