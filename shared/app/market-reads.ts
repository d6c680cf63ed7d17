import { LISTINGS_TAG, MARKET_BOOK, MARKET_DETAIL, MARKET_LISTINGS, MARKET_TRADES, marketTag } from '../cache/market-cache.js';
import type { ReadTracker } from '../cache/popularity.js';
import type { CacheResult, TwoTierCache } from '../cache/two-tier-cache.js';
import type { BookView, Market, MarketPage, MarketStatus, TradePage, TradingService } from '../markets/index.js';

/**
 * The cached market reads, in one place so that the API and the cache warmer build the same keys:
 * a warmed entry is only worth anything if the next request asks for exactly that key.
 */
export interface MarketReadDeps {
  readonly cache: TwoTierCache;
  readonly trading: TradingService;
  readonly popularity: ReadTracker;
}

export interface ListingQuery {
  status?: MarketStatus | undefined;
  category?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** `countRead: false` for reads that are not reader interest (the warmer's own), which would otherwise rank themselves. */
export async function marketDetail(deps: MarketReadDeps, id: string, { countRead = true } = {}): Promise<CacheResult<Market>> {
  if (countRead) deps.popularity.record(id);
  const result = await deps.cache.getOrLoad(MARKET_DETAIL, id, () => deps.trading.getMarket(id), { tags: [marketTag(id)] });
  if (countRead) await deps.popularity.flush();
  return result;
}

export function marketBook(deps: MarketReadDeps, id: string): Promise<CacheResult<BookView>> {
  return deps.cache.getOrLoad(MARKET_BOOK, id, () => deps.trading.bookDepth(id), { tags: [marketTag(id)] });
}

/** The first page of recent trades (what tickers poll); callers read deeper pages from the store. */
export function recentTrades(deps: MarketReadDeps, id: string, limit?: number): Promise<CacheResult<TradePage>> {
  return deps.cache.getOrLoad(MARKET_TRADES, `${id}:${limit ?? ''}`, () => deps.trading.trades(id, { limit }), { tags: [marketTag(id)] });
}

export function marketListing(deps: MarketReadDeps, query: ListingQuery): Promise<CacheResult<MarketPage>> {
  const { status, category, limit, cursor } = query;
  const key = JSON.stringify([status ?? null, category ?? null, limit ?? null, cursor ?? null]);
  return deps.cache.getOrLoad(MARKET_LISTINGS, key, () => deps.trading.listMarkets({ status, category }, { limit, cursor }), { tags: [LISTINGS_TAG] });
}
