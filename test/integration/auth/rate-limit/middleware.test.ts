import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RouteDefinition } from '../../../../shared/api/route-types.js';
import { createRedisClient, type RedisConnection } from '../../../../shared/adapters/redis/client.js';
import { backoffKeys, RedisRateLimiter } from '../../../../shared/adapters/redis/rate-limiter.js';
import { consumeUserBudget, rateLimit } from '../../../../shared/auth/rate-limit/middleware.js';
import type { HttpRateLimitPolicies } from '../../../../shared/auth/rate-limit/policies.js';
import { rateLimitKey } from '../../../../shared/auth/rate-limit/subject-key.js';
import type { Authenticator } from '../../../../shared/http/auth-port.js';
import { UnauthorizedError } from '../../../../shared/http/errors.js';
import { authorize } from '../../../../shared/http/middleware/authorize.js';
import { finaliseResponse } from '../../../../shared/http/middleware/finalise-response.js';
import { type ApiMiddleware, matchRoute, stateOf } from '../../../../shared/http/middleware/request-state.js';
import { findFreePort } from '../../../../shared/local/free-port.js';
import { gatewayEvent, lambdaContext } from '../../../helpers/gateway-events.js';
import { quietObservability } from '../../../helpers/observability.js';
import { type Container, connectedClient, container, recordingLogger, uniquePrefix } from './support.js';

const ok = { description: 'ok' };
const routes: RouteDefinition[] = [
  { id: 'listMarkets', method: 'GET', path: '/markets', area: 'trading', permission: 'public', summary: 't', responses: { 200: ok } },
  { id: 'login', method: 'POST', path: '/auth/login', area: 'auth', permission: 'public', summary: 't', responses: { 200: ok } },
  { id: 'myAccount', method: 'GET', path: '/me/account', area: 'trading', permission: 'account:read', summary: 't', responses: { 200: ok } },
];

const authenticator: Authenticator = {
  authenticate: async (header) => {
    if (header === 'Bearer trader') return { subject: 'user-7', roles: ['trader'], permissions: new Set(['account:read'] as const) };
    if (header === 'Bearer nobody') return { subject: 'user-8', roles: [], permissions: new Set() };
    return undefined;
  },
};

const policies = (overrides: Partial<HttpRateLimitPolicies> = {}): HttpRateLimitPolicies => ({
  ip: { kind: 'budget', name: 'ip', points: 50, windowSeconds: 60 },
  ipAuth: { kind: 'budget', name: 'ip-auth', points: 50, windowSeconds: 60 },
  user: { kind: 'budget', name: 'user', points: 50, windowSeconds: 60 },
  authFailuresPerIp: { kind: 'backoff', name: 'auth-fail-ip', maxFailures: 50, windowSeconds: 60, baseBlockSeconds: 30, maxBlockSeconds: 120, historySeconds: 60 },
  ...overrides,
});

const KEY_SECRET = 'test-secret';

/**
 * The chain as the area handler will run it: finalise → rate limit → route → auth → user budget →
 * handler (header normalisation omitted, hence lower-case header names).
 */
function handlerWith(limiter: RedisRateLimiter, chosen: HttpRateLimitPolicies) {
  const logger = recordingLogger();
  const userBudget: ApiMiddleware = {
    before: async (request) => {
      const principal = stateOf(request).principal;
      if (principal) await consumeUserBudget(limiter, principal.subject, { policy: chosen.user, keySecret: KEY_SECRET, logger });
    },
  };
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error>()
    .use(finaliseResponse(quietObservability()))
    .use(rateLimit({ limiter, logger, policies: chosen, keySecret: KEY_SECRET }))
    .use(matchRoute(routes))
    .use(authorize(authenticator))
    .use(userBudget)
    .handler(async (event) => {
      if (event.resource === '/auth/login') throw new UnauthorizedError('Wrong e-mail or password');
      return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{}' };
    });
  const call = async (ip: string, resource: string, headers: Record<string, string> = {}) => {
    const base = gatewayEvent({ method: resource === '/auth/login' ? 'POST' : 'GET', resource, headers });
    const event = { ...base, requestContext: { ...base.requestContext, identity: { sourceIp: ip } as APIGatewayProxyEvent['requestContext']['identity'] } };
    const response = await handler(event, lambdaContext());
    return { status: response.statusCode, headers: response.headers ?? {}, json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {} };
  };
  return { call, logger };
}

async function statuses(n: number, send: () => Promise<{ status: number }>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < n; i += 1) seen.push((await send()).status);
  return seen;
}

describe('rateLimit middleware on a real redis-server', () => {
  const prefix = uniquePrefix();
  let box: Container;
  let raw: RedisConnection;

  beforeAll(async () => {
    const redisUrl = inject('redisUrl');
    [box, raw] = await Promise.all([container(redisUrl, prefix), connectedClient(redisUrl)]);
  });
  afterAll(() => {
    box.client.disconnect();
    raw.disconnect();
  });

  it('answers an IP flood with 429 problem+json and Retry-After; spoofed X-Forwarded-For does not help', async () => {
    const { call } = handlerWith(box.limiter, policies({ ip: { kind: 'budget', name: 'ip', points: 5, windowSeconds: 60 } }));
    expect(await statuses(5, () => call('203.0.113.1', '/markets', { 'X-Forwarded-For': `10.0.0.${Math.random()}` }))).toEqual([200, 200, 200, 200, 200]);
    const refused = await call('203.0.113.1', '/markets', { 'X-Forwarded-For': '10.9.9.9' });
    expect(refused.status).toBe(429);
    expect(refused.headers['Content-Type']).toBe('application/problem+json');
    expect(Number(refused.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['Retry-After'])).toBeLessThanOrEqual(60);
    expect(String(refused.headers['Retry-After'])).toMatch(/^\d+$/);
    expect(refused.json).toMatchObject({ type: 'https://fundcast.dev/problems/too-many-requests', title: 'Too Many Requests', status: 429 });
    expect(refused.headers['x-correlation-id']).toBeDefined();
    expect((await call('203.0.113.2', '/markets')).status).toBe(200);
  });

  it('is tighter on /auth/* than on the rest of the API', async () => {
    const { call } = handlerWith(box.limiter, policies({ ipAuth: { kind: 'budget', name: 'ip-auth', points: 2, windowSeconds: 60 } }));
    expect(await statuses(3, () => call('203.0.113.10', '/auth/login'))).toEqual([401, 401, 429]);
    expect(await statuses(3, () => call('203.0.113.10', '/markets'))).toEqual([200, 200, 200]);
  });

  it('turns a 401/403 storm from one IP into 429s, each breach blocking longer', async () => {
    const chosen = policies({
      authFailuresPerIp: { kind: 'backoff', name: 'auth-fail-ip', maxFailures: 3, windowSeconds: 60, baseBlockSeconds: 30, maxBlockSeconds: 120, historySeconds: 60 },
    });
    const { call, logger } = handlerWith(box.limiter, chosen);
    const ip = '203.0.113.20';
    const first = [await call(ip, '/me/account'), await call(ip, '/me/account', { authorization: 'Bearer nobody' }), await call(ip, '/me/account')];
    expect(first.map((response) => response.status)).toEqual([401, 403, 401]);
    const blocked = await call(ip, '/markets');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['Retry-After']).toBe('30');
    expect(logger.count('warn', /blocked after repeated 401\/403/)).toBe(1);

    // End the block early (as if 30 s had passed) and storm again: the second breach doubles it.
    await raw.del(backoffKeys(prefix, chosen.authFailuresPerIp, rateLimitKey('ip', ip, KEY_SECRET)).block);
    expect(await statuses(3, () => call(ip, '/me/account'))).toEqual([401, 401, 401]);
    const again = await call(ip, '/me/account', { authorization: 'Bearer trader' });
    expect(again.status).toBe(429);
    expect(again.headers['Retry-After']).toBe('60');
    expect((await call('203.0.113.21', '/me/account', { authorization: 'Bearer trader' })).status).toBe(200);
  });

  it('limits an authenticated user across IPs with consumeUserBudget', async () => {
    const { call } = handlerWith(box.limiter, policies({ user: { kind: 'budget', name: 'user-across-ips', points: 3, windowSeconds: 60 } }));
    const seen = [];
    for (let i = 0; i < 4; i += 1) seen.push((await call(`198.51.100.${i}`, '/me/account', { authorization: 'Bearer trader' })).status);
    expect(seen).toEqual([200, 200, 200, 429]);
  });

  it('keeps answering, never 5xx, and still limits when Redis cannot be reached', async () => {
    const deadPort = await findFreePort();
    const client = createRedisClient({ url: `redis://127.0.0.1:${deadPort}`, connectTimeoutMs: 100 });
    client.on('error', () => undefined);
    const logger = recordingLogger();
    const limiter = new RedisRateLimiter({ client, logger, keyPrefix: uniquePrefix() });
    const { call } = handlerWith(limiter, policies({ ip: { kind: 'budget', name: 'ip', points: 3, windowSeconds: 60 } }));
    expect(await statuses(5, () => call('192.0.2.1', '/markets'))).toEqual([200, 200, 200, 429, 429]);
    expect(logger.count('warn', /cannot reach Redis/)).toBe(1);
    client.disconnect();
  });
});
