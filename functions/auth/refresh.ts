import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function refresh(deps: AppDeps): RouteImplementation<RouteById<'refresh'>> {
  return async ({ body, correlationId }) => ({ status: 200, body: await deps.identity.refresh(body.refreshToken, { correlationId }) });
}
