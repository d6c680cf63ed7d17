import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import type { RouteImplementation } from '../../shared/http/index.js';
import { subjectOf } from './markets.js';

export function placeOrder(deps: AppDeps): RouteImplementation<RouteById<'placeOrder'>> {
  return async (context) => ({ status: 201, body: await deps.trading.placeOrder(subjectOf(context), context.params.id, context.body) });
}

export function cancelOrder(deps: AppDeps): RouteImplementation<RouteById<'cancelOrder'>> {
  return async (context) => ({
    status: 200,
    body: await deps.trading.cancelOrder(subjectOf(context), context.params.id, context.params.orderId),
  });
}

export function cancelAllOrders(deps: AppDeps): RouteImplementation<RouteById<'cancelAllOrders'>> {
  return async (context) => ({ status: 200, body: await deps.trading.cancelAll(subjectOf(context), context.params.id) });
}
