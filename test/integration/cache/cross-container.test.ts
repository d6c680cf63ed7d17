import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAreaHandlers } from '../../../functions/areas.js';
import { type LocalRedis, startLocalRedis } from '../../../shared/local/redis-server.js';
import { type LocalStack, startLocalStack } from '../../../shared/local/stack.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { startRedisOnPort } from '../../helpers/redis-process.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';

const ADMIN = { email: 'cache-admin@example.com', password: 'saffron-glacier-tunnel-64' };
/** The cache's L1 revalidation interval (CACHE default), plus scheduling slack. */
const BOUND_MS = 500 + 250;
const directory = mkdtempSync(join(tmpdir(), 'fundcast-cache-'));
const from = freshClientAddress();
let redis: LocalRedis;
let a: LocalStack;
let b: LocalStack;
let admin: string;
let trader: string;
let marketId: string;

const env = (redisUrl: string) => ({
  PORT: '0',
  SQLITE_PATH: join(directory, 'shared.sqlite'),
  DATA_DIR: directory,
  REDIS_URL: redisUrl,
  LOG_LEVEL: 'SILENT',
  CACHE_L2_TIMEOUT_MS: '1000', // see test/helpers/local-stack.ts
  FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
  FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // Its own redis-server, so the last test can kill it.
  const started = await startLocalRedis();
  if (!started) throw new Error('redis-server did not start');
  redis = started;
  a = await startLocalStack({ env: env(redis.url), createHandlers: createAreaHandlers });
  b = await startLocalStack({ env: env(redis.url), createHandlers: createAreaHandlers });
  admin = (await tokensFor(a.url, from, ADMIN)).accessToken;
  const account = await registerAccount(a.url, from);
  await call(a.url, `/admin/accounts/${account.userId}/credits`, { body: { amount: 100_000, reason: 'cache test' }, token: admin, from });
  trader = (await tokensFor(a.url, from, account)).accessToken;
  const market = await call(a.url, '/markets', {
    body: { title: 'Cache: two containers, one market', description: '', category: 'cache', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
    token: admin,
    from,
  });
  marketId = market.json.id as string;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const book = (stack: LocalStack) => call(stack.url, `/markets/${marketId}/book`, { token: trader, from });

describe('market reads cached in two containers (separate L1s, one Redis)', () => {
  it('serve repeated reads from the cache, the writer sees its own write at once, the other container within the bound', async () => {
    expect((await book(b)).json).toEqual({ outcomes: { YES: { bids: [], asks: [] }, NO: { bids: [], asks: [] } } });
    await book(b);
    expect(b.deps.cache.stats().l1.hits).toBeGreaterThan(0);
    await book(a);

    const placed = await call(a.url, `/markets/${marketId}/orders`, { body: { outcome: 'YES', side: 'buy', type: 'limit', quantity: 7, price: 42 }, token: trader, from });
    expect(placed.status).toBe(201);
    expect((await book(a)).json.outcomes).toMatchObject({ YES: { bids: [{ price: 42, quantity: 7 }] } });

    await sleep(BOUND_MS);
    expect((await book(b)).json.outcomes).toMatchObject({ YES: { bids: [{ price: 42, quantity: 7 }] } });
  });

  it('puts the new market detail into the cache on a write: the other container then reads it from L2', async () => {
    const detail = (stack: LocalStack) => call(stack.url, `/markets/${marketId}`, { token: trader, from });
    await detail(b);
    const sell = await call(a.url, `/markets/${marketId}/orders`, { body: { outcome: 'YES', side: 'sell', type: 'limit', quantity: 2, price: 42 }, token: trader, from });
    const buy = await call(a.url, `/markets/${marketId}/orders`, { body: { outcome: 'NO', side: 'buy', type: 'limit', quantity: 3, price: 58 }, token: trader, from });
    expect([sell.status, buy.status]).toEqual([201, 201]);
    await sleep(BOUND_MS);
    const before = b.deps.cache.stats();
    const served = await detail(b);
    const after = b.deps.cache.stats();
    expect(after.l2.hits).toBe(before.l2.hits + 1);
    expect(after.loader.calls).toBe(before.loader.calls);
    expect(served.json).toEqual(JSON.parse(JSON.stringify(await a.deps.trading.getMarket(marketId))));
  });

  it("hands each invocation's cache activity to the metrics before the response leaves", async () => {
    b.deps.cache.drainMetrics();
    await call(b.url, `/markets/${marketId}/book`, { token: trader, from });
    // The handler's recordMetrics hook drained it into the EMF flush; nothing is left over.
    expect(b.deps.cache.drainMetrics().namespaces).toEqual({});
  });

  it('never serves balances from the cache: the account is read from the store every time', async () => {
    const before = (await call(b.url, '/me/account', { token: trader, from })).json;
    await call(a.url, `/markets/${marketId}/orders`, { body: { outcome: 'YES', side: 'buy', type: 'limit', quantity: 1, price: 10 }, token: trader, from });
    const after = (await call(b.url, '/me/account', { token: trader, from })).json;
    expect(after.locked).toBe((before.locked as number) + 10);
  });

  it('clears every layer everywhere through one container, and reports per-layer hit rates', async () => {
    const detail = () => call(b.url, `/markets/${marketId}`, { token: trader, from });
    await detail();
    await detail();
    const stats = await call(b.url, '/admin/stats', { token: admin, from });
    expect(stats.status).toBe(200);
    expect((stats.json.cache as { l1: { hits: number } }).l1.hits).toBeGreaterThan(0);
    const before = b.deps.cache.stats().l1.hits;
    const cleared = await call(a.url, '/admin/cache/clear', { method: 'POST', token: admin, from });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ l2Cleared: true, deletedKeys: expect.any(Number) });
    expect(cleared.json.deletedKeys as number).toBeGreaterThan(0);
    await sleep(BOUND_MS);
    await detail();
    // B reloaded instead of serving its L1 entry: the global generation moved.
    expect(b.deps.cache.stats().l1.hits).toBe(before);
    expect((await call(a.url, '/admin/cache/clear', { method: 'POST', token: trader, from })).status).toBe(403);
  });

  it('warms the most-read markets after a clear, so the other container reads them from L2', async () => {
    const other = await call(a.url, '/markets', {
      body: { title: 'Cache: a market nobody reads', description: '', category: 'cache', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      token: admin,
      from,
    });
    for (let i = 0; i < 3; i += 1) await call(a.url, `/markets/${marketId}`, { token: trader, from });
    await call(a.url, `/markets/${other.json.id as string}`, { token: trader, from });
    expect((await call(a.url, '/admin/cache/clear', { method: 'POST', token: admin, from })).status).toBe(200);

    expect((await call(a.url, '/admin/cache/warm?limit=1', { method: 'POST', token: trader, from })).status).toBe(403);
    const warmed = await call(a.url, '/admin/cache/warm?limit=1', { method: 'POST', token: admin, from });
    expect(warmed.status).toBe(200);
    expect(warmed.json).toEqual({ marketIds: [marketId], failed: 0 });

    await sleep(BOUND_MS);
    const before = b.deps.cache.stats();
    for (const path of [`/markets/${marketId}`, `/markets/${marketId}/book`, `/markets/${marketId}/trades`]) {
      expect((await call(b.url, path, { token: trader, from })).status).toBe(200);
    }
    const after = b.deps.cache.stats();
    expect(after.loader.calls).toBe(before.loader.calls);
    expect(after.l2.hits).toBe(before.l2.hits + 3);
  });

  it('keeps answering 200 from the store when Redis dies, and uses Redis again once it is back', async () => {
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    const detail = await call(b.url, `/markets/${marketId}`, { token: trader, from });
    expect(detail.status).toBe(200);
    expect(detail.json.id).toBe(marketId);
    const depth = await call(a.url, `/markets/${marketId}/book?`, { token: trader, from });
    expect(depth.status).toBe(200);

    redis = await startRedisOnPort(port);
    const deadline = Date.now() + 10_000;
    while ([a, b].some((stack) => stack.deps.redis?.status !== 'ready') && Date.now() < deadline) await sleep(25);
    await sleep(BOUND_MS);
    await call(a.url, `/markets/${marketId}/trades`, { token: trader, from }); // A loads it into the new Redis
    const l2HitsBefore = b.deps.cache.stats().l2.hits;
    const trades = await call(b.url, `/markets/${marketId}/trades`, { token: trader, from });
    expect(trades.status).toBe(200);
    expect(b.deps.cache.stats().l2.hits).toBe(l2HitsBefore + 1);
  });
});
