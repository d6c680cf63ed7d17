import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { marketBook, marketDetail, marketListing, recentTrades } from '../../shared/app/market-reads.js';
import { searchMarkets as rankMarkets } from '../../shared/search/market-search.js';
import { afterMarketWrite } from './market-writes.js';
import type { CacheResult } from '../../shared/cache/two-tier-cache.js';
import { DEGRADED_HEADER, type RouteImplementation, type RouteResult, subjectOf } from '../../shared/http/index.js';

/** A cached read as a response: a stale fallback (the store failed) says so in a header. */
function fromCache<T>(result: CacheResult<T>): RouteResult {
  return { status: 200, body: result.value, ...(result.degraded ? { headers: { [DEGRADED_HEADER]: 'stale-cache' } } : {}) };
}

export function listMarkets(deps: AppDeps): RouteImplementation<RouteById<'listMarkets'>> {
  return async ({ query }) => {
    return fromCache(await marketListing(deps, query));
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
  return async ({ params }) => fromCache(await marketDetail(deps, params.id));
}

export function getBook(deps: AppDeps): RouteImplementation<RouteById<'getBook'>> {
  return async ({ params }) => fromCache(await marketBook(deps, params.id));
}

export function getTrades(deps: AppDeps): RouteImplementation<RouteById<'getTrades'>> {
  return async ({ params, query }) => {
    const page = { limit: query.limit, cursor: query.cursor };
    // Only the first page (what tickers poll) is cached; deeper pages are rare and read through.
    if (query.cursor) return { status: 200, body: await deps.trading.trades(params.id, page) };
    return fromCache(await recentTrades(deps, params.id, query.limit));
  };
}

/** Open markets ranked for the query; a fallback to keyword ranking is flagged as degraded. */
export function searchMarkets(deps: AppDeps): RouteImplementation<RouteById<'searchMarkets'>> {
  return async ({ query }) => {
    const candidates = await marketListing(deps, { status: 'open', limit: 100 });
    const result = await rankMarkets(candidates.value.items, query.q, query.limit ?? 20, deps.search);
    const degraded = result.degraded || candidates.degraded;
    return {
      status: 200,
      body: { items: result.items, ranking: result.ranking },
      ...(degraded ? { headers: { [DEGRADED_HEADER]: result.degraded ? 'keyword-ranking' : 'stale-cache' } } : {}),
    };
  };
}
