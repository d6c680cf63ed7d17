import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function login(deps: AppDeps): RouteImplementation<RouteById<'login'>> {
  return async ({ body, correlationId }) => ({ status: 200, body: await deps.identity.login(body, { correlationId }) });
}
