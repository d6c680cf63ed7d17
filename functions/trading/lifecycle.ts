import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { afterMarketWrite } from './market-writes.js';
import type { RouteImplementation } from '../../shared/http/index.js';

export function resolveMarket(deps: AppDeps): RouteImplementation<RouteById<'resolveMarket'>> {
  return async ({ params, body }) => {
    const accepted = await deps.trading.requestResolution(params.id, body.outcome);
    await afterMarketWrite(deps, params.id);
    deps.taskQueue.notify(accepted.taskId);
    return { status: 202, body: accepted };
  };
}

export function voidMarket(deps: AppDeps): RouteImplementation<RouteById<'voidMarket'>> {
  return async ({ params }) => {
    const accepted = await deps.trading.requestVoid(params.id);
    await afterMarketWrite(deps, params.id);
    deps.taskQueue.notify(accepted.taskId);
    return { status: 202, body: accepted };
  };
}

export function pauseMarket(deps: AppDeps): RouteImplementation<RouteById<'pauseMarket'>> {
  return async ({ params }) => {
    const market = await deps.trading.setPaused(params.id, true);
    await afterMarketWrite(deps, params.id);
    return { status: 200, body: market };
  };
}

export function resumeMarket(deps: AppDeps): RouteImplementation<RouteById<'resumeMarket'>> {
  return async ({ params }) => {
    const market = await deps.trading.setPaused(params.id, false);
    await afterMarketWrite(deps, params.id);
    return { status: 200, body: market };
  };
}
