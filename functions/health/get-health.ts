import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

/** Liveness only: it touches no dependency, so a store outage never makes the service look dead. */
export function getHealth(deps: AppDeps): RouteImplementation<RouteById<'getHealth'>> {
  return async () => ({
    status: 200,
    body: {
      status: 'ok',
      version: deps.config.version,
      uptimeSeconds: Math.floor((deps.clock.now() - deps.startedAtMs) / 1000),
    },
  });
}
