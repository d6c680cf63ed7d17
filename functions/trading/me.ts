import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { type RouteImplementation, subjectOf } from '../../shared/http/index.js';

// Balances, orders, positions and the ledger are read from the store on every call: never cached, never stale.

export function getAccount(deps: AppDeps): RouteImplementation<RouteById<'getAccount'>> {
  return async (context) => ({ status: 200, body: await deps.trading.account(subjectOf(context)) });
}

export function getMyOrders(deps: AppDeps): RouteImplementation<RouteById<'getMyOrders'>> {
  return async (context) => {
    const { marketId, limit, cursor } = context.query;
    return { status: 200, body: await deps.trading.myOrders(subjectOf(context), { marketId }, { limit, cursor }) };
  };
}

export function getPositions(deps: AppDeps): RouteImplementation<RouteById<'getPositions'>> {
  return async (context) => ({ status: 200, body: await deps.trading.positions(subjectOf(context)) });
}

export function getLedger(deps: AppDeps): RouteImplementation<RouteById<'getLedger'>> {
  return async (context) => ({ status: 200, body: await deps.trading.ledger(subjectOf(context), { limit: context.query.limit, cursor: context.query.cursor }) });
}
