import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import type { DynamoDbItemStore } from '../../../shared/adapters/store/dynamodb/index.js';
import { startDynalite, type DynaliteServer } from '../../helpers/dynalite-server.js';
import { installDynaliteTransactions } from '../../helpers/dynalite-transactions.js';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

const ADMIN = { email: 'outage-admin@example.com', password: 'quartz-willow-ember-58' };
const from = freshClientAddress();
let dynalite: DynaliteServer;
let proxy: TcpProxy;
let stack: TestStack;
let admin: string;
let trader: string;
let marketId: string;

beforeAll(async () => {
  dynalite = await startDynalite();
  proxy = await startTcpProxy(Number(new URL(dynalite.endpoint).port));
  stack = await startTestStack({
    STORE: 'dynamodb',
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${String(proxy.port)}`,
    REDIS_URL: inject('redisUrl'),
  });
  // dynalite has no TransactWriteItems: the test shim stands in for it on the stack's own client.
  installDynaliteTransactions((stack.store as DynamoDbItemStore).client);
  await stack.deps.identity.ensureAdmin(ADMIN.email, ADMIN.password, { correlationId: 'test' });
  admin = (await tokensFor(stack.url, from, ADMIN)).accessToken;
  const account = await registerAccount(stack.url, from);
  await call(stack.url, `/admin/accounts/${account.userId}/credits`, { body: { amount: 10_000, reason: 'outage test' }, token: admin, from });
  trader = (await tokensFor(stack.url, from, account)).accessToken;
  const market = await call(stack.url, '/markets', {
    body: { title: 'Outage: does the API degrade gracefully?', description: '', category: 'sre', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
    token: admin,
    from,
  });
  marketId = market.json.id as string;
});

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await dynalite?.stop();
});

const order = () => call(stack.url, `/markets/${marketId}/orders`, { body: { outcome: 'YES', side: 'buy', type: 'limit', quantity: 5, price: 40 }, token: trader, from });

describe('the store goes away (STORE=dynamodb, the network to its dynalite server cut) and comes back', () => {
  it('serves cached market reads (degraded once stale), answers writes 503 with Retry-After, loses nothing', async () => {
    expect((await call(stack.url, `/markets/${marketId}`, { token: trader, from })).status).toBe(200);
    const accountBefore = (await call(stack.url, '/me/account', { token: trader, from })).json;

    await proxy.cut();
    const refused = await order();
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(refused.json)).not.toMatch(/dynamo|dynalite|ECONNREFUSED|stack/i);

    // The cleared cache forces a reload the store cannot serve: the last value answers, flagged.
    expect((await call(stack.url, '/admin/cache/clear', { method: 'POST', token: admin, from })).status).toBe(200);
    const stale = await call(stack.url, `/markets/${marketId}`, { token: trader, from });
    expect(stale.status).toBe(200);
    expect(stale.headers['x-fundcast-degraded']).toBe('stale-cache');
    expect(stale.json.id).toBe(marketId);
    expect((await call(stack.url, '/me/account', { token: trader, from })).status).toBe(503); // balances are never served stale

    await proxy.restore();
    const deadline = Date.now() + 10_000;
    let after = await call(stack.url, '/me/account', { token: trader, from });
    while (after.status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await call(stack.url, '/me/account', { token: trader, from });
    }
    const accountAfter = after.json;
    expect(accountAfter).toEqual(accountBefore); // the refused order left no trace
    expect((await order()).status).toBe(201);
    const fresh = await call(stack.url, `/markets/${marketId}`, { token: trader, from });
    expect(fresh.status).toBe(200);
    expect(fresh.headers['x-fundcast-degraded']).toBeUndefined();
  });
});
