import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function register(deps: AppDeps): RouteImplementation<RouteById<'register'>> {
  return async ({ body, correlationId }) => {
    const userId = await deps.identity.register(body.email, body.password, { correlationId });
    return { status: 201, body: { userId } };
  };
}
