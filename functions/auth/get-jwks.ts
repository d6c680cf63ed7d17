import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

/** Public keys only; verifiers may cache them briefly (a rotation publishes the new key before using it). */
export function getJwks(deps: AppDeps): RouteImplementation<RouteById<'getJwks'>> {
  return async () => ({ status: 200, body: (await deps.keyRing.get()).jwks(), headers: { 'Cache-Control': 'public, max-age=300' } });
}
