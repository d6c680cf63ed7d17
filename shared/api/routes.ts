import { HealthQuerySchema, HealthSchema, OpenApiDocumentSchema } from './schemas/health.js';
import { PUBLIC } from './permissions.js';
import type { Area, RouteDefinition } from './route-types.js';

/**
 * The route table. Everything that knows about routes (local server, the Lambda routers, CDK,
 * OpenAPI) reads it from here; a route exists only once it has a row and an implementation.
 */
export const ROUTES = [
  {
    id: 'getHealth',
    method: 'GET',
    path: '/health',
    area: 'health',
    permission: PUBLIC,
    summary: 'Liveness: status, version and uptime',
    request: { query: HealthQuerySchema },
    responses: { 200: { description: 'The service is up', schema: HealthSchema } },
  },
  {
    id: 'getOpenApi',
    method: 'GET',
    path: '/openapi.json',
    area: 'health',
    permission: PUBLIC,
    summary: 'This API described as OpenAPI 3.1',
    responses: { 200: { description: 'The OpenAPI document', schema: OpenApiDocumentSchema } },
  },
] as const satisfies readonly RouteDefinition[];

export type RouteId = (typeof ROUTES)[number]['id'];
export type RouteById<Id extends RouteId> = Extract<(typeof ROUTES)[number], { id: Id }>;

export function routesOfArea(area: Area): RouteDefinition[] {
  return ROUTES.filter((route) => route.area === area);
}

export function routeById<Id extends RouteId>(id: Id): RouteById<Id> {
  const route = ROUTES.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`Unknown route ${id}`);
  return route as RouteById<Id>;
}
