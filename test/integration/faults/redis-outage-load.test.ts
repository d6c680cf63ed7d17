import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRedis, startLocalRedis } from '../../../shared/local/redis-server.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';
import { startRedisOnPort } from '../../helpers/redis-process.js';

const ADMIN = { email: 'redis-outage-admin@example.com', password: 'saddle-lagoon-ember-84' };
const from = freshClientAddress();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The `cache` breaker's recovery timeout (shared/resilience/settings.ts) plus slack. */
const CACHE_RECOVERY_MS = 10_000 + 500;
let redis: LocalRedis;
let stack: TestStack;
let admin: string;
let trader: string;
const markets: string[] = [];

beforeAll(async () => {
  const started = await startLocalRedis();
  if (!started) throw new Error('redis-server did not start');
  redis = started;
  stack = await startTestStack({
    REDIS_URL: redis.url,
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    // Generations are re-read every 100 ms, so a dead Redis is asked (and fails) often enough to trip the breaker quickly.
    CACHE_REVALIDATE_MS: '100',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  });
  admin = (await tokensFor(stack.url, from, ADMIN)).accessToken;
  trader = (await tokensFor(stack.url, from, await registerAccount(stack.url, from))).accessToken;
  for (let i = 0; i < 5; i += 1) {
    const created = await call(stack.url, '/markets', {
      body: { title: `Redis outage market ${String(i)}`, description: '', category: 'sre', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      token: admin,
      from,
    });
    markets.push(created.json.id as string);
  }
});

afterAll(async () => {
  await stack?.close();
  await redis?.stop();
});

const cacheBreaker = async () => {
  const listed = await call(stack.url, '/admin/sre/circuit-breakers', { token: admin, from });
  return (listed.json.breakers as { name: string; state: string }[]).find((b) => b.name === 'cache')?.state;
};

describe('Redis killed under load', () => {
  it('answers every read 200 from the store, opens the cache breaker, and closes it once Redis is back', { timeout: 30_000 }, async () => {
    const statuses: number[] = [];
    let running = true;
    const reader = async (n: number) => {
      for (let i = 0; running; i += 1) {
        const id = markets[(n + i) % markets.length] as string;
        const path = i % 3 === 0 ? `/markets/${id}/book` : `/markets/${id}`;
        statuses.push((await call(stack.url, path, { token: trader, from })).status);
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => reader(n)));
    await sleep(300);
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    await sleep(2_500);
    running = false;
    await load;

    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await cacheBreaker()).toBe('OPEN');

    redis = await startRedisOnPort(port);
    await sleep(CACHE_RECOVERY_MS);
    // Reads after the recovery timeout carry the half-open probes; successful probes close it.
    for (let i = 0; i < 10; i += 1) expect((await call(stack.url, `/markets/${markets[0] as string}`, { token: trader, from })).status).toBe(200);
    expect(await cacheBreaker()).toBe('CLOSED');
    const hitsBefore = stack.deps.cache.stats().l2.hits + stack.deps.cache.stats().l1.hits;
    await call(stack.url, `/markets/${markets[1] as string}`, { token: trader, from });
    await call(stack.url, `/markets/${markets[1] as string}`, { token: trader, from });
    expect(stack.deps.cache.stats().l2.hits + stack.deps.cache.stats().l1.hits).toBeGreaterThan(hitsBefore);
  });
});
