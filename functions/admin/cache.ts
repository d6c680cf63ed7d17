import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { DEFAULT_WARM_LIMIT, warmMarketCache } from '../../shared/app/warm-cache.js';
import type { RouteImplementation } from '../../shared/http/index.js';

/** Other containers drop their L1 entries at their next revalidation (the global generation moved). */
export function clearCache(deps: AppDeps): RouteImplementation<RouteById<'clearCache'>> {
  return async () => {
    const { l2Cleared, deleted } = await deps.cache.clear();
    return { status: 200, body: { l2Cleared, deletedKeys: deleted } };
  };
}

/** Loads the most-read markets into L2 (and this container's L1); other containers then read them from L2. */
export function warmCache(deps: AppDeps): RouteImplementation<RouteById<'warmCache'>> {
  return async ({ query }) => ({ status: 200, body: await warmMarketCache(deps, query.limit ?? DEFAULT_WARM_LIMIT) });
}
