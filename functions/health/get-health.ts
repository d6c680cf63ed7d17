import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { probeDependencies } from '../../shared/app/health-checks.js';
import { ForbiddenError, type RouteImplementation, UnauthorizedError } from '../../shared/http/index.js';

/**
 * Liveness touches no dependency, so a store outage never makes the service look dead. The
 * detailed view probes each dependency; the route is public, so that view checks the caller's
 * token itself and needs `sre:read` (401 without a token, 403 without the permission).
 */
export function getHealth(deps: AppDeps): RouteImplementation<RouteById<'getHealth'>> {
  return async ({ query, headers }) => {
    const base = { version: deps.config.version, uptimeSeconds: Math.floor((deps.clock.now() - deps.startedAtMs) / 1000) };
    if (query.detailed !== 'true') return { status: 200, body: { status: 'ok' as const, ...base } };
    const principal = await deps.http.authenticator?.authenticate(headers.authorization ?? headers.Authorization);
    if (!principal) throw new UnauthorizedError();
    if (!principal.permissions.has('sre:read')) throw new ForbiddenError();
    const { checks, circuitBreakers, healthy } = await probeDependencies(deps);
    return { status: 200, body: { status: healthy ? ('ok' as const) : ('degraded' as const), ...base, checks, circuitBreakers } };
  };
}
