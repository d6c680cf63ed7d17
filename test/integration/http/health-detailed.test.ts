import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

const ADMIN = { email: 'health-admin@example.com', password: 'granite-violet-harbor-31' };
const from = freshClientAddress();
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl'), FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
});
afterAll(async () => {
  await stack?.close();
});

describe('GET /health?detailed=true', () => {
  it('stays public and dependency-free without detailed', async () => {
    const plain = await call(stack.url, '/health', { from });
    expect(plain.status).toBe(200);
    expect(plain.json.checks).toBeUndefined();
  });

  it('needs a token with sre:read: 401 without one, 403 for a trader', async () => {
    expect((await call(stack.url, '/health?detailed=true', { from })).status).toBe(401);
    const trader = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    expect((await call(stack.url, '/health?detailed=true', { from, token: trader.accessToken })).status).toBe(403);
  });

  it('probes the store and Redis with their latency, and reports the breakers and the version', async () => {
    const admin = await tokensFor(stack.url, from, ADMIN);
    const detailed = await call(stack.url, '/health?detailed=true', { from, token: admin.accessToken });
    expect(detailed.status).toBe(200);
    expect(detailed.json).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      checks: { store: { status: 'ok', latencyMs: expect.any(Number) }, cache: { status: 'ok', latencyMs: expect.any(Number) } },
      circuitBreakers: { database: 'CLOSED', cache: 'CLOSED', external_apis: 'CLOSED', ai_inference: 'CLOSED' },
    });
  });
});
