import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { afterMarketWrite } from './market-writes.js';
import { type RouteImplementation, subjectOf } from '../../shared/http/index.js';

// Each write invalidates the market's cached detail, book and trades and re-puts the detail before
// answering: the writer's next read is fresh, other containers see it within the revalidation interval.

export function placeOrder(deps: AppDeps): RouteImplementation<RouteById<'placeOrder'>> {
  return async (context) => {
    const result = await deps.trading.placeOrder(subjectOf(context), context.params.id, context.body);
    await afterMarketWrite(deps, context.params.id);
    return { status: 201, body: result };
  };
}

export function cancelOrder(deps: AppDeps): RouteImplementation<RouteById<'cancelOrder'>> {
  return async (context) => {
    const result = await deps.trading.cancelOrder(subjectOf(context), context.params.id, context.params.orderId);
    await afterMarketWrite(deps, context.params.id);
    return { status: 200, body: result };
  };
}

export function cancelAllOrders(deps: AppDeps): RouteImplementation<RouteById<'cancelAllOrders'>> {
  return async (context) => {
    const result = await deps.trading.cancelAll(subjectOf(context), context.params.id);
    await afterMarketWrite(deps, context.params.id);
    return { status: 200, body: result };
  };
}
