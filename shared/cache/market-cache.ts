import type { TwoTierCache } from './two-tier-cache.js';

/** Cache tags: one per market (detail, book, trades) and one for every market listing. */
export const marketTag = (marketId: string): string => `market:${marketId}`;
export const LISTINGS_TAG = 'markets';

/** Namespaces of the cached market reads. */
export const MARKET_DETAIL = 'market';
export const MARKET_BOOK = 'book';
export const MARKET_TRADES = 'trades';
export const MARKET_LISTINGS = 'markets';

/**
 * Called after every write that changes what a market's cached reads show (an order, a cancel, a
 * pause, a resolution, a settlement step): this container sees the change at once, every other
 * container within the cache's revalidation interval.
 */
export async function invalidateMarket(cache: TwoTierCache, marketId: string): Promise<void> {
  await cache.invalidate([marketTag(marketId), LISTINGS_TAG]);
}

/**
 * Invalidates, then puts the market's new detail (the most-read view) into both layers under the
 * new generation, so the readers after a trade hit the cache instead of all missing at once.
 * A failed reload is not the writer's problem: the write stands and the next read loads it.
 */
export async function refreshMarket(cache: TwoTierCache, marketId: string, loadDetail: () => Promise<unknown>): Promise<void> {
  await invalidateMarket(cache, marketId);
  try {
    await cache.getOrLoad(MARKET_DETAIL, marketId, loadDetail, { tags: [marketTag(marketId)] });
  } catch {
    // the store hiccuped after the write committed; readers will load the detail themselves
  }
}
