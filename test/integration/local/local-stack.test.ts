import { compileErrors, validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../../shared/api/routes.js';
import { SECURITY_HEADERS } from '../../../shared/http/headers.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl'), FUNDCAST_VERSION: '9.9.9-test' });
});

afterAll(async () => {
  await stack?.close();
});

describe('local stack over HTTP', () => {
  it('answers GET /health with status, version and uptime', async () => {
    const response = await fetch(`${stack.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ status: 'ok', version: '9.9.9-test', uptimeSeconds: expect.any(Number) });
    expect(response.headers.get('content-type')).toBe('application/json');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
  });

  it('wires the L2 cache connection it was given', async () => {
    expect(await stack.deps.redis?.ping()).toBe('PONG');
  });

  it('answers an unknown route with 404 problem+json carrying the correlation id', async () => {
    const response = await fetch(`${stack.url}/definitely/not/here`, { headers: { 'x-correlation-id': 'trace-42' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-correlation-id')).toBe('trace-42');
    expect(response.headers.get('strict-transport-security')).toBe(SECURITY_HEADERS['Strict-Transport-Security']);
    expect(await response.json()).toMatchObject({ status: 404, title: 'Not Found', correlationId: 'trace-42', instance: '/definitely/not/here' });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await fetch(`${stack.url}/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('rejects unknown query parameters with 400 problem+json', async () => {
    const response = await fetch(`${stack.url}/health?verbose=1`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves a valid OpenAPI 3.1 document listing every route of the route table', async () => {
    const response = await fetch(`${stack.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.specification).toBe('OpenAPI');
    for (const route of ROUTES) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.id);
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(ROUTES.length);
  });
});
