import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Area, RouteDefinition } from '../api/route-types.js';
import { type ROUTES, routesOfArea } from '../api/routes.js';
import type { Observability } from '../observability/index.js';
import type { Authenticator, Principal } from './auth-port.js';
import { authorize } from './middleware/authorize.js';
import { bodyLimit } from './middleware/body-limit.js';
import type { IdempotencyStore } from './idempotency-store.js';
import { finaliseResponse, type RequestOutcome } from './middleware/finalise-response.js';
import { idempotency } from './middleware/idempotency.js';
import { type ApiMiddleware, matchRoute, type RequestState, stateOf } from './middleware/request-state.js';
import { validateRequest } from './middleware/validate-request.js';
import type { RouteContext, RouteImplementation } from './route-handler.js';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

type RoutesOf<A extends Area> = Extract<(typeof ROUTES)[number], { area: A }>;
/** Exactly one implementation per route of the area: a route added to the table without one does not compile. */
export type AreaImplementations<A extends Area> = { [R in RoutesOf<A> as R['id']]: RouteImplementation<R> };

export interface HandlerWiring {
  readonly observability: Observability;
  readonly maxBodyBytes: number;
  readonly authenticator?: Authenticator | undefined;
  /** Run before routing (so 404 scans count too): per-IP rate limiting and the like. */
  readonly edgeGuards?: readonly ApiMiddleware[];
  /** Called once the caller is authenticated, before the permission check: e.g. the per-user budget. */
  readonly onAuthenticated?: ((principal: Principal) => Promise<void>) | undefined;
  /** Makes `Idempotency-Key` work on signed-in POSTs; without it the header is ignored. */
  readonly idempotencyStore?: IdempotencyStore | undefined;
  /** Told of every answered request before its metrics are flushed: SLO outcomes, the cache's metrics. */
  readonly onCompleted?: ((outcome: RequestOutcome) => void) | undefined;
  /** Told of every 403 on a route's permission: the security-event log. */
  readonly onDenied?: ((details: { subject: string; permission: string; route: string }) => void) | undefined;
}

export interface ApiHandlerOptions extends HandlerWiring {
  readonly routes: readonly RouteDefinition[];
  // Each implementation is checked against its own route by AreaImplementations; here they are only looked up.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly implementations: Readonly<Record<string, RouteImplementation<any>>>;
}

/** The area's router: the Lambda handler API Gateway invokes, and the one the local server calls. */
export function createAreaHandler<A extends Area>(area: A, implementations: AreaImplementations<A>, wiring: HandlerWiring): ApiHandler {
  return createApiHandler({ ...wiring, routes: routesOfArea(area), implementations });
}

/** The middleware chain around a set of routes; areas use createAreaHandler, tests may pass their own routes. */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const { observability, routes, implementations } = options;
  const inputs = new WeakMap<APIGatewayProxyEvent, RequestState>();
  const recordState: ApiMiddleware = {
    before: (request) => {
      inputs.set(request.event, stateOf(request));
    },
  };

  const dispatch = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const state = inputs.get(event);
    const route = state?.route;
    const implementation = route ? implementations[route.id] : undefined;
    if (!state || !route || !implementation || !state.input) throw new Error('Route reached dispatch unvalidated');
    if (state.replay) return state.replay;
    const context: RouteContext = {
      params: state.input.params as Record<string, never>,
      query: state.input.query as Record<string, never>,
      body: state.input.body as undefined,
      headers: event.headers ?? {},
      correlationId: state.correlationId,
      principal: state.principal,
      logger: observability.logger,
      event,
    };
    const result = await implementation(context);
    return {
      statusCode: result.status,
      headers: { 'Content-Type': 'application/json', ...result.headers },
      body: result.body === undefined ? '' : JSON.stringify(result.body),
    };
  };

  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error>()
    .use(injectLambdaContext(observability.logger, { resetKeys: true }))
    .use(captureLambdaHandler(observability.tracer, { captureResponse: false }))
    .use(logMetrics(observability.metrics, { captureColdStartMetric: true }))
    .use(httpHeaderNormalizer())
    .use(finaliseResponse(observability, options.onCompleted))
    .use([...(options.edgeGuards ?? [])])
    .use(matchRoute(routes))
    .use(bodyLimit(options.maxBodyBytes))
    .use(authorize(options.authenticator, options.onAuthenticated, options.onDenied))
    .use(validateRequest())
    .use(options.idempotencyStore ? [idempotency({ store: options.idempotencyStore })] : [])
    .use(recordState)
    .handler(dispatch);
  return (event, context) => handler(event, context);
}

