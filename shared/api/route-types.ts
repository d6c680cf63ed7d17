import type { z } from 'zod';
import type { RoutePermission } from './permissions.js';

/** One Lambda per area; each area has a small router inside. */
export const AREAS = ['trading', 'auth', 'admin', 'health'] as const;
export type Area = (typeof AREAS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteResponse {
  readonly description: string;
  readonly schema?: z.ZodType;
}

export interface RouteRequest {
  /** Path parameters, named as in `path` (`/markets/{id}` → `id`). */
  readonly params?: z.ZodObject;
  /** Query string; strict objects so unknown parameters are rejected. */
  readonly query?: z.ZodObject;
  /** JSON body; strict objects so unknown fields are rejected. */
  readonly body?: z.ZodType;
}

/**
 * A row of the route table: the single source for local dispatch, the API Gateway routes CDK
 * creates, permission checks and the OpenAPI document.
 */
export interface RouteDefinition {
  /** Stable operation id; also the key of the route's implementation in its area. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway resource path with `{param}` segments. */
  readonly path: string;
  readonly area: Area;
  readonly permission: RoutePermission;
  readonly summary: string;
  readonly request?: RouteRequest;
  /** Success responses by status code; error responses are always problem+json. */
  readonly responses: Readonly<Record<number, RouteResponse>>;
  /** Body limit in bytes for this route; the configured default applies when absent. */
  readonly maxBodyBytes?: number;
}

export type RouteBody<R extends RouteDefinition> = R['request'] extends { body: z.ZodType }
  ? z.infer<R['request']['body']>
  : undefined;
export type RouteParams<R extends RouteDefinition> = R['request'] extends { params: z.ZodObject }
  ? z.infer<R['request']['params']>
  : Record<string, never>;
export type RouteQuery<R extends RouteDefinition> = R['request'] extends { query: z.ZodObject }
  ? z.infer<R['request']['query']>
  : Record<string, never>;
