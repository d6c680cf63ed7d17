import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

/** Always 204: whether the token existed is not the caller's business. */
export function logout(deps: AppDeps): RouteImplementation<RouteById<'logout'>> {
  return async ({ body, correlationId }) => {
    await deps.identity.logout(body.refreshToken, { correlationId });
    return { status: 204 };
  };
}
