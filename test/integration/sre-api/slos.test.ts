import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { call, freshClientAddress, type ApiResponse } from '../../helpers/http-client.js';
import { startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';
import { installDynaliteTransactions } from '../../helpers/dynalite-transactions.js';
import { tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';

const ADMIN = { email: 'slo-admin@example.com', password: 'amber-canyon-piano-73' };
const from = freshClientAddress();
let dynalite: DynaliteServer;
let proxy: TcpProxy;
let stack: TestStack;
let admin: string;
/** Every request this test sends (each one is an outcome), and how many answered 5xx. */
let sent = 0;
let serverErrors = 0;

async function counted(path: string, options: Parameters<typeof call>[2] = {}): Promise<ApiResponse> {
  const response = await call(stack.url, path, { from, ...options });
  sent += 1;
  if (response.status >= 500) serverErrors += 1;
  return response;
}

beforeAll(async () => {
  dynalite = await startDynalite();
  proxy = await startTcpProxy(Number(new URL(dynalite.endpoint).port));
  stack = await startTestStack({ STORE: 'dynamodb', DYNAMODB_ENDPOINT: `http://127.0.0.1:${String(proxy.port)}`, REDIS_URL: inject('redisUrl') });
  installDynaliteTransactions((stack.store as DynamoDbItemStore).client);
  await stack.deps.identity.ensureAdmin(ADMIN.email, ADMIN.password, { correlationId: 'test' });
  admin = (await tokensFor(stack.url, from, ADMIN)).accessToken;
  sent += 1; // the login
});

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await dynalite?.stop();
});

describe('GET /admin/sre/slos with known numbers', () => {
  it('reports the arithmetic availability and error rate of N requests with K server errors', async () => {
    for (let i = 0; i < 40; i += 1) expect((await counted('/health')).status).toBe(200);
    await proxy.cut(); // the store is gone: reads that need it answer 503
    for (let i = 0; i < 3; i += 1) expect((await counted('/me/account', { token: admin })).status).toBe(503);
    await proxy.restore();
    let probe = await counted('/me/account', { token: admin });
    for (let i = 0; probe.status === 503 && i < 100; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      probe = await counted('/me/account', { token: admin });
    }
    expect(probe.status).toBe(200);

    const report = await call(stack.url, '/admin/sre/slos', { from, token: admin });
    expect(report.status).toBe(200);
    const slos = Object.fromEntries((report.json.slos as { id: string }[]).map((slo) => [slo.id, slo])) as Record<string, Record<string, unknown>>;
    expect(serverErrors).toBeGreaterThanOrEqual(3);
    expect(slos.availability).toMatchObject({ requests: sent, badRequests: serverErrors, target: 0.999 });
    expect(slos.availability?.current).toBeCloseTo(1 - serverErrors / sent, 12);
    expect(slos.error_rate).toMatchObject({ requests: sent, badRequests: serverErrors, target: 0.005 });
    expect(slos.error_rate?.current).toBeCloseTo(serverErrors / sent, 12);
    // Budget: 30 days may hold 0.1 % bad requests; this window spent serverErrors / sent of them.
    expect(slos.availability?.errorBudgetRemaining).toBe(0);
    expect(slos.availability?.status).toBe('breached');
  });

  it('answers the dashboard and the stats from the same outcomes; SRE views need sre:read', async () => {
    const dashboard = await call(stack.url, '/admin/sre/dashboard', { from, token: admin });
    expect(dashboard.status).toBe(200);
    expect(dashboard.json).toMatchObject({
      systemHealth: { status: 'unhealthy' },
      circuitBreakers: { database: expect.any(String), cache: 'CLOSED' },
      alerts: expect.arrayContaining([expect.objectContaining({ rule: 'high_error_rate', threshold: 5, severity: 'critical', cooldownSeconds: 300 })]),
    });
    const stats = await call(stack.url, '/admin/stats', { from, token: admin });
    expect(stats.status).toBe(200);
    expect(stats.json).toMatchObject({ requests: { requests: expect.any(Number), latencyMs: { p95: expect.any(Number) } }, container: { memoryMb: { rss: expect.any(Number) } } });
    expect((stats.json.requests as { requests: number }).requests).toBeGreaterThanOrEqual(sent);
    expect((await call(stack.url, '/admin/sre/slos', { from })).status).toBe(401);
  });
});
