import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function resolveMarket(deps: AppDeps): RouteImplementation<RouteById<'resolveMarket'>> {
  return async ({ params, body }) => {
    const accepted = await deps.trading.requestResolution(params.id, body.outcome);
    deps.taskQueue.notify(accepted.taskId);
    return { status: 202, body: accepted };
  };
}

export function voidMarket(deps: AppDeps): RouteImplementation<RouteById<'voidMarket'>> {
  return async ({ params }) => {
    const accepted = await deps.trading.requestVoid(params.id);
    deps.taskQueue.notify(accepted.taskId);
    return { status: 202, body: accepted };
  };
}

export function pauseMarket(deps: AppDeps): RouteImplementation<RouteById<'pauseMarket'>> {
  return async ({ params }) => ({ status: 200, body: await deps.trading.setPaused(params.id, true) });
}

export function resumeMarket(deps: AppDeps): RouteImplementation<RouteById<'resumeMarket'>> {
  return async ({ params }) => ({ status: 200, body: await deps.trading.setPaused(params.id, false) });
}
