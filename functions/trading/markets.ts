import type { RouteById } from '../../shared/api/index.js';
import type { AppDeps } from '../../shared/app/deps.js';
import { type RouteContext, type RouteImplementation, UnauthorizedError } from '../../shared/http/index.js';

export const subjectOf = (context: RouteContext): string => {
  if (!context.principal) throw new UnauthorizedError();
  return context.principal.subject;
};

export function listMarkets(deps: AppDeps): RouteImplementation<RouteById<'listMarkets'>> {
  return async ({ query }) => {
    const { status, category, limit, cursor } = query;
    return { status: 200, body: await deps.trading.listMarkets({ status, category }, { limit, cursor }) };
  };
}

export function createMarket(deps: AppDeps): RouteImplementation<RouteById<'createMarket'>> {
  return async (context) => ({ status: 201, body: await deps.trading.createMarket(subjectOf(context), context.body) });
}

export function getMarket(deps: AppDeps): RouteImplementation<RouteById<'getMarket'>> {
  return async ({ params }) => ({ status: 200, body: await deps.trading.getMarket(params.id) });
}

export function getBook(deps: AppDeps): RouteImplementation<RouteById<'getBook'>> {
  return async ({ params }) => ({ status: 200, body: await deps.trading.bookDepth(params.id) });
}

export function getTrades(deps: AppDeps): RouteImplementation<RouteById<'getTrades'>> {
  return async ({ params, query }) => ({ status: 200, body: await deps.trading.trades(params.id, { limit: query.limit, cursor: query.cursor }) });
}
