import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { adminStats, breakerView, dashboard, sloReport } from '../../shared/app/sre-views.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function getSreDashboard(deps: AppDeps): RouteImplementation<RouteById<'getSreDashboard'>> {
  return async () => ({ status: 200, body: await dashboard(deps) });
}

export function getSlos(deps: AppDeps): RouteImplementation<RouteById<'getSlos'>> {
  return async () => ({ status: 200, body: await sloReport(deps) });
}

export function getStats(deps: AppDeps): RouteImplementation<RouteById<'getStats'>> {
  return async () => ({ status: 200, body: await adminStats(deps) });
}

export function listBreakers(deps: AppDeps): RouteImplementation<RouteById<'listBreakers'>> {
  return async () => ({ status: 200, body: { breakers: (await deps.breakers.currentSnapshots()).map(breakerView) } });
}

/** Closes the breaker in the shared table: every container adopts it within its read cache (≤ 1 s). */
export function resetBreaker(deps: AppDeps): RouteImplementation<RouteById<'resetBreaker'>> {
  return async ({ params, principal }) => {
    const snapshot = await deps.breakers.reset(params.name);
    deps.observability.logger.warn('circuit breaker reset by an operator', { breaker: params.name, by: principal?.subject });
    return { status: 200, body: breakerView(snapshot) };
  };
}
