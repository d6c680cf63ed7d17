import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function getTask(deps: AppDeps): RouteImplementation<RouteById<'getTask'>> {
  return async ({ params }) => ({ status: 200, body: await deps.trading.getTask(params.id) });
}
