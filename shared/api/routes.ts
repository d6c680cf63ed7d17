import { AUTHENTICATED, PUBLIC } from './permissions.js';
import {
  JwksSchema,
  LoginRequestSchema,
  LogoutRequestSchema,
  MfaSetupResponseSchema,
  MfaVerifyRequestSchema,
  MfaVerifyResponseSchema,
  RefreshRequestSchema,
  RegisterRequestSchema,
  RegisterResponseSchema,
  SetRolesRequestSchema,
  SetRolesResponseSchema,
  TokenResponseSchema,
  UserIdParamsSchema,
} from './schemas/auth.js';
import { HealthQuerySchema, HealthSchema, OpenApiDocumentSchema } from './schemas/health.js';
import { SRE_ROUTES } from './sre-routes.js';
import { TRADING_ROUTES } from './trading-routes.js';
import type { Area, RouteDefinition } from './route-types.js';

/** Credentials are small; a tight limit keeps password hashing from being fed megabytes. */
const AUTH_BODY_BYTES = 4096;

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
    summary: 'Liveness: status, version and uptime; with detailed=true (needs a token with sre:read) dependency checks with latency and breaker states',
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
  {
    id: 'register',
    method: 'POST',
    path: '/auth/register',
    area: 'auth',
    permission: PUBLIC,
    summary: 'Create an account (role trader)',
    request: { body: RegisterRequestSchema },
    responses: { 201: { description: 'Account created', schema: RegisterResponseSchema } },
    maxBodyBytes: AUTH_BODY_BYTES,
  },
  {
    id: 'login',
    method: 'POST',
    path: '/auth/login',
    area: 'auth',
    permission: PUBLIC,
    summary: 'Exchange email, password (and TOTP when enabled) for tokens',
    request: { body: LoginRequestSchema },
    responses: { 200: { description: 'Signed in', schema: TokenResponseSchema } },
    maxBodyBytes: AUTH_BODY_BYTES,
  },
  {
    id: 'refresh',
    method: 'POST',
    path: '/auth/refresh',
    area: 'auth',
    permission: PUBLIC,
    summary: 'Spend a refresh token for a new pair; a spent token revokes its whole family',
    request: { body: RefreshRequestSchema },
    responses: { 200: { description: 'New tokens', schema: TokenResponseSchema } },
    maxBodyBytes: AUTH_BODY_BYTES,
  },
  {
    id: 'logout',
    method: 'POST',
    path: '/auth/logout',
    area: 'auth',
    permission: PUBLIC,
    summary: 'Revoke the refresh token family',
    request: { body: LogoutRequestSchema },
    responses: { 204: { description: 'Signed out (also when the token was unknown)' } },
    maxBodyBytes: AUTH_BODY_BYTES,
  },
  {
    id: 'setupMfa',
    method: 'POST',
    path: '/auth/mfa/setup',
    area: 'auth',
    permission: AUTHENTICATED,
    summary: 'Start TOTP enrolment: a new secret, active once verified',
    responses: { 200: { description: 'The secret to add to an authenticator app', schema: MfaSetupResponseSchema } },
  },
  {
    id: 'verifyMfa',
    method: 'POST',
    path: '/auth/mfa/verify',
    area: 'auth',
    permission: AUTHENTICATED,
    summary: 'Confirm TOTP enrolment with a current code',
    request: { body: MfaVerifyRequestSchema },
    responses: { 200: { description: 'MFA is on; login now needs a code', schema: MfaVerifyResponseSchema } },
    maxBodyBytes: AUTH_BODY_BYTES,
  },
  {
    id: 'getJwks',
    method: 'GET',
    path: '/.well-known/jwks.json',
    area: 'auth',
    permission: PUBLIC,
    summary: 'Public keys that verify access tokens (two during rotation)',
    responses: { 200: { description: 'JSON Web Key Set', schema: JwksSchema } },
  },
  {
    id: 'setUserRoles',
    method: 'POST',
    path: '/admin/users/{userId}/roles',
    area: 'admin',
    permission: 'user:roles',
    summary: "Replace a user's roles (never one's own)",
    request: { params: UserIdParamsSchema, body: SetRolesRequestSchema },
    responses: { 200: { description: 'The roles now held', schema: SetRolesResponseSchema } },
    maxBodyBytes: AUTH_BODY_BYTES,
  },
  ...TRADING_ROUTES,
  ...SRE_ROUTES,
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
