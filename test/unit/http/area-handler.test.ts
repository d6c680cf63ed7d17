import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Permission } from '../../../shared/api/permissions.js';
import type { RouteDefinition } from '../../../shared/api/route-types.js';
import { type Authenticator, createApiHandler, SECURITY_HEADERS } from '../../../shared/http/index.js';
import { StoreUnavailableError } from '../../../shared/store/errors.js';
import { gatewayEvent, lambdaContext } from '../../helpers/gateway-events.js';
import { quietObservability } from '../../helpers/observability.js';

const routes: RouteDefinition[] = [
  {
    id: 'createThing',
    method: 'POST',
    path: '/things/{id}',
    area: 'trading',
    permission: 'public',
    summary: 'test',
    request: {
      params: z.object({ id: z.string().regex(/^t-\d+$/) }),
      body: z.strictObject({ amount: z.number().int().positive() }),
    },
    responses: { 201: { description: 'created' } },
    maxBodyBytes: 2048,
  },
  { id: 'secret', method: 'GET', path: '/secret', area: 'trading', permission: 'sre:read', summary: 'test', responses: { 200: { description: 'ok' } } },
  { id: 'boom', method: 'GET', path: '/boom', area: 'trading', permission: 'public', summary: 'test', responses: { 200: { description: 'ok' } } },
  { id: 'storeDown', method: 'GET', path: '/store-down', area: 'trading', permission: 'public', summary: 'test', responses: { 200: { description: 'ok' } } },
];

function authenticatorGranting(...permissions: Permission[]): Authenticator {
  return {
    authenticate: async (header) =>
      header === 'Bearer good' ? { subject: 'user-1', roles: ['trader'], permissions: new Set(permissions) } : undefined,
  };
}

function handlerWith(authenticator?: Authenticator) {
  return createApiHandler({
    observability: quietObservability(),
    maxBodyBytes: 4096,
    authenticator,
    routes,
    implementations: {
      createThing: async ({ params, body }) => ({ status: 201, body: { id: params.id, amount: (body as { amount: number }).amount } }),
      secret: async ({ principal }) => ({ status: 200, body: { subject: principal?.subject } }),
      boom: async () => {
        throw new Error('ResourceNotFoundException: Requested resource not found: Table: fundcast-main');
      },
      storeDown: async () => {
        throw new StoreUnavailableError();
      },
    },
  });
}

const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
  gatewayEvent({ method: 'POST', resource: '/things/{id}', path: '/things/t-1', pathParameters: { id: 't-1' }, headers, body });

async function call(event: ReturnType<typeof gatewayEvent>, authenticator?: Authenticator) {
  const response = await handlerWith(authenticator)(event, lambdaContext());
  return { ...response, json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined };
}

describe('area handler', () => {
  describe('dispatch and validation', () => {
    it('runs the route with validated params and body', async () => {
      const response = await call(post('{"amount": 5}'));
      expect(response.statusCode).toBe(201);
      expect(response.json).toEqual({ id: 't-1', amount: 5 });
      expect(response.headers?.['Content-Type']).toBe('application/json');
    });

    it('rejects unknown body fields with a field-level problem', async () => {
      const response = await call(post('{"amount": 5, "admin": true}'));
      expect(response.statusCode).toBe(400);
      expect(response.headers?.['Content-Type']).toBe('application/problem+json');
      expect(response.json?.errors).toEqual([{ path: 'body', message: 'Unknown field(s): admin' }]);
    });

    it('rejects a wrong type, bad path parameter, malformed JSON and unknown query parameters', async () => {
      expect((await call(post('{"amount": 1.5}'))).json?.errors).toEqual([expect.objectContaining({ path: 'body.amount' })]);
      const badPath = gatewayEvent({ method: 'POST', resource: '/things/{id}', pathParameters: { id: 'x' }, headers: { 'content-type': 'application/json' }, body: '{"amount":1}' });
      expect((await call(badPath)).json?.errors).toEqual([expect.objectContaining({ path: 'path.id' })]);
      const malformed = await call(post('{"amount": '));
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json?.detail).toBe('The request body is not valid JSON');
      const query = await call(gatewayEvent({ resource: '/boom', query: { debug: '1' } }));
      expect(query.statusCode).toBe(400);
      expect(query.json?.errors).toEqual([{ path: 'query', message: 'Unknown field(s): debug' }]);
    });

    it('answers 415 when a body is not declared as JSON and 400 when a GET carries one', async () => {
      expect((await call(post('{"amount":1}', { 'Content-Type': 'text/plain' }))).statusCode).toBe(415);
      expect((await call(gatewayEvent({ resource: '/boom', body: '{}' }))).statusCode).toBe(400);
    });

    it('answers 413 above the route limit, before parsing', async () => {
      const big = JSON.stringify({ amount: 1, pad: 'x'.repeat(3000) });
      const response = await call(post(big));
      expect(response.statusCode).toBe(413);
      expect(response.json?.type).toBe('https://fundcast.dev/problems/payload-too-large');
      const encoded = await call({ ...post(Buffer.from(big).toString('base64')), isBase64Encoded: true });
      expect(encoded.statusCode).toBe(413);
    });

    it('answers 404 for an unknown resource and 405 with Allow for a wrong method', async () => {
      expect((await call(gatewayEvent({ resource: '/nope' }))).statusCode).toBe(404);
      const wrongMethod = await call(gatewayEvent({ method: 'DELETE', resource: '/secret' }));
      expect(wrongMethod.statusCode).toBe(405);
      expect(wrongMethod.headers?.Allow).toBe('GET');
    });
  });

  describe('permissions', () => {
    it('fails closed with 401 when no authenticator is wired', async () => {
      const response = await call(gatewayEvent({ resource: '/secret', headers: { Authorization: 'Bearer good' } }));
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['WWW-Authenticate']).toBe('Bearer');
    });

    it('answers 401 for a bad token, 403 without the permission, 200 with it and never caches it', async () => {
      const secret = (token: string) => gatewayEvent({ resource: '/secret', headers: { authorization: `Bearer ${token}` } });
      expect((await call(secret('bad'), authenticatorGranting('sre:read'))).statusCode).toBe(401);
      expect((await call(secret('good'), authenticatorGranting('market:read'))).statusCode).toBe(403);
      const allowed = await call(secret('good'), authenticatorGranting('sre:read'));
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json).toEqual({ subject: 'user-1' });
      expect(allowed.headers?.['Cache-Control']).toBe('no-store');
    });
  });

  describe('errors and headers', () => {
    it('hides internals of an unexpected error behind an opaque 500', async () => {
      const response = await call(gatewayEvent({ resource: '/boom' }));
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toMatch(/fundcast-main|ResourceNotFound|Error:|at .*\.ts/);
      expect(response.json).toEqual({
        type: 'https://fundcast.dev/problems/internal',
        title: 'Internal Server Error',
        status: 500,
        instance: '/boom',
        correlationId: 'gw-request-1',
      });
    });

    it('turns an unavailable store into 503 with Retry-After', async () => {
      const response = await call(gatewayEvent({ resource: '/store-down' }));
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['Retry-After']).toBe('5');
    });

    it('puts the security headers and the correlation id on successes and errors alike', async () => {
      for (const event of [post('{"amount": 2}'), gatewayEvent({ resource: '/boom' }), gatewayEvent({ resource: '/nope' })]) {
        const response = await call(event);
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers?.[name]).toBe(value);
        expect(response.headers?.['x-correlation-id']).toBe('gw-request-1');
      }
    });

    it('echoes a safe caller correlation id and replaces an unsafe one', async () => {
      const safe = await call(gatewayEvent({ resource: '/nope', headers: { 'X-Correlation-Id': 'abc-123' } }));
      expect(safe.headers?.['x-correlation-id']).toBe('abc-123');
      expect(safe.json?.correlationId).toBe('abc-123');
      const unsafe = await call(gatewayEvent({ resource: '/nope', headers: { 'x-correlation-id': 'evil\r\nSet-Cookie: x' } }));
      expect(unsafe.headers?.['x-correlation-id']).toBe('gw-request-1');
    });
  });
});
