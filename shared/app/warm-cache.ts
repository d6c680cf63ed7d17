import { marketBook, marketDetail, marketListing, recentTrades, type MarketReadDeps } from './market-reads.js';

export interface WarmResult {
  /** Markets whose detail, book and recent trades are now in the cache. */
  marketIds: string[];
  /** Markets whose reads failed (the store hiccuped); the cache simply stays cold for them. */
  failed: number;
}

export const DEFAULT_WARM_LIMIT = 50;
const CONCURRENCY = 8;

/**
 * Loads the most-read markets (all containers' counts; open markets fill the rest when there are
 * not enough) into L2 and this container's L1. Run by an operator, by the low-cache-performance
 * alarm and after a deploy, so the first readers after a clear or a cold fleet hit the cache.
 */
export async function warmMarketCache(deps: MarketReadDeps, limit = DEFAULT_WARM_LIMIT): Promise<WarmResult> {
  const ids = new Set(await deps.popularity.top(limit));
  if (ids.size < limit) {
    const open = await marketListing(deps, { status: 'open', limit: Math.min(100, limit) });
    for (const market of open.value.items) if (ids.size < limit) ids.add(market.id);
  }
  await marketListing(deps, {}); // the default first page every client starts from
  const queue = [...ids];
  const warmed: string[] = [];
  let failed = 0;
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        await Promise.all([marketDetail(deps, id, { countRead: false }), marketBook(deps, id), recentTrades(deps, id)]);
        warmed.push(id);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { marketIds: warmed, failed };
}

