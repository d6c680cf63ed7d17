import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteDefinition } from '../../api/route-types.js';
import type { Principal } from '../auth-port.js';
import { resolveCorrelationId } from '../correlation.js';
import { MethodNotAllowedError, NotFoundError } from '../errors.js';

/** Per-request state, kept under one namespaced key of middy's `request.internal`. */
export interface RequestState {
  readonly startedAt: number;
  readonly correlationId: string;
  route: RouteDefinition | undefined;
  principal: Principal | undefined;
  input: { params: unknown; query: unknown; body: unknown } | undefined;
  /** A stored response to send instead of running the route (an idempotent replay). */
  replay?: APIGatewayProxyResult;
}

export type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error>;
export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error>;

const STATE_KEY = 'fundcast';

/** The state of this request, created on first use so that even an early failure has a correlation id. */
export function stateOf(request: ApiRequest): RequestState {
  const internal = request.internal as Record<string, unknown>;
  let state = internal[STATE_KEY] as RequestState | undefined;
  if (!state) {
    state = {
      startedAt: performance.now(),
      correlationId: resolveCorrelationId(request.event ?? { headers: {}, requestContext: undefined }),
      route: undefined,
      principal: undefined,
      input: undefined,
    };
    internal[STATE_KEY] = state;
  }
  return state;
}

/** Finds the route of this area that API Gateway (or the local server) matched: `resource` is its path template. */
export function matchRoute(routes: readonly RouteDefinition[]): ApiMiddleware {
  const byKey = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  return {
    before: (request) => {
      const state = stateOf(request);
      const { httpMethod, resource } = request.event;
      const route = byKey.get(`${httpMethod} ${resource}`);
      if (route) {
        state.route = route;
        return;
      }
      const allowed = routes.filter((candidate) => candidate.path === resource).map((candidate) => candidate.method);
      throw allowed.length > 0 ? new MethodNotAllowedError(allowed) : new NotFoundError();
    },
  };
}
