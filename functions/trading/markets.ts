import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { LISTINGS_TAG, MARKET_BOOK, MARKET_DETAIL, MARKET_LISTINGS, MARKET_TRADES, marketTag } from '../../shared/cache/market-cache.js';
import { afterMarketWrite } from './market-writes.js';
import type { CacheResult } from '../../shared/cache/two-tier-cache.js';
import { DEGRADED_HEADER, type RouteImplementation, type RouteResult, subjectOf } from '../../shared/http/index.js';

/** A cached read as a response: a stale fallback (the store failed) says so in a header. */
function fromCache<T>(result: CacheResult<T>): RouteResult {
  return { status: 200, body: result.value, ...(result.degraded ? { headers: { [DEGRADED_HEADER]: 'stale-cache' } } : {}) };
}

export function listMarkets(deps: AppDeps): RouteImplementation<RouteById<'listMarkets'>> {
  return async ({ query }) => {
    const { status, category, limit, cursor } = query;
    const key = JSON.stringify([status ?? null, category ?? null, limit ?? null, cursor ?? null]);
    return fromCache(await deps.cache.getOrLoad(MARKET_LISTINGS, key, () => deps.trading.listMarkets({ status, category }, { limit, cursor }), { tags: [LISTINGS_TAG] }));
  };
}

export function createMarket(deps: AppDeps): RouteImplementation<RouteById<'createMarket'>> {
  return async (context) => {
    const market = await deps.trading.createMarket(subjectOf(context), context.body);
    await afterMarketWrite(deps, market.id);
    return { status: 201, body: market };
  };
}

export function getMarket(deps: AppDeps): RouteImplementation<RouteById<'getMarket'>> {
  return async ({ params }) => fromCache(await deps.cache.getOrLoad(MARKET_DETAIL, params.id, () => deps.trading.getMarket(params.id), { tags: [marketTag(params.id)] }));
}

export function getBook(deps: AppDeps): RouteImplementation<RouteById<'getBook'>> {
  return async ({ params }) => fromCache(await deps.cache.getOrLoad(MARKET_BOOK, params.id, () => deps.trading.bookDepth(params.id), { tags: [marketTag(params.id)] }));
}

export function getTrades(deps: AppDeps): RouteImplementation<RouteById<'getTrades'>> {
  return async ({ params, query }) => {
    const page = { limit: query.limit, cursor: query.cursor };
    // Only the first page (what tickers poll) is cached; deeper pages are rare and read through.
    if (query.cursor) return { status: 200, body: await deps.trading.trades(params.id, page) };
    const key = `${params.id}:${query.limit ?? ''}`;
    return fromCache(await deps.cache.getOrLoad(MARKET_TRADES, key, () => deps.trading.trades(params.id, page), { tags: [marketTag(params.id)] }));
  };
}
