import type { AppDeps } from '../../shared/app/deps.js';
import { refreshMarket } from '../../shared/cache/market-cache.js';

/** After a write that changes a market: invalidate its cached reads and re-put its detail. */
export function afterMarketWrite(deps: AppDeps, marketId: string): Promise<void> {
  return refreshMarket(deps.cache, marketId, () => deps.trading.getMarket(marketId));
}
