import { afterEach, describe, expect, it } from 'vitest';
import type { RedisConnection } from '../../../../shared/adapters/redis/client.js';
import type { BackoffPolicy, BudgetPolicy, RateLimitDecision } from '../../../../shared/auth/rate-limit/port.js';
import { type LocalRedis, startLocalRedis } from '../../../../shared/local/redis-server.js';
import { isAlive } from '../../../helpers/processes.js';
import { type RedisProcess, startRedisOnPort } from '../../../helpers/redis-process.js';
import { connectedClient, container, uniquePrefix, waitFor } from './support.js';

const budget: BudgetPolicy = { kind: 'budget', name: 'outage', points: 3, windowSeconds: 60 };
const backoff: BackoffPolicy = {
  kind: 'backoff',
  name: 'outage-fail',
  maxFailures: 2,
  windowSeconds: 60,
  baseBlockSeconds: 30,
  maxBlockSeconds: 60,
  historySeconds: 60,
};
const OUTAGE_WARNING = /cannot reach Redis/;
const RECOVERY_INFO = /reaches Redis again/;

describe('RedisRateLimiter when Redis fails', () => {
  const servers: (LocalRedis | RedisProcess)[] = [];
  const clients: RedisConnection[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  async function ownRedis(): Promise<LocalRedis> {
    const redis = await startLocalRedis();
    if (!redis) throw new Error('redis-server did not start');
    servers.push(redis);
    return redis;
  }

  it('keeps limiting per container when Redis dies, logs it once, and returns to Redis on the same port', async () => {
    // Prepare: a container on its own redis-server, answering from Redis.
    const first = await ownRedis();
    const port = Number(new URL(first.url).port);
    const prefix = uniquePrefix();
    const { client, limiter, logger } = await container(first.url, prefix);
    clients.push(client);
    expect(await limiter.consume('ip:before', budget)).toEqual({ allowed: true, remaining: 2 });

    // Act: kill Redis mid-test.
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    await waitFor(() => client.status !== 'ready', 3000, 'the client to notice the outage');

    // Assess: still limited (not fail-open), nothing thrown, one warning for the whole outage.
    const during: RateLimitDecision[] = [];
    for (let i = 0; i < 5; i += 1) during.push(await limiter.consume('ip:during', budget));
    expect(during.map((decision) => decision.allowed)).toEqual([true, true, true, false, false]);
    expect(during[4]).toMatchObject({ allowed: false, retryAfterSeconds: expect.any(Number) });
    expect(await limiter.recordFailure('acct:during', backoff)).toEqual({ blocked: false, failuresLeft: 1 });
    expect(await limiter.recordFailure('acct:during', backoff)).toMatchObject({ blocked: true, retryAfterSeconds: 30, breach: 1 });
    expect(await limiter.isBlocked('acct:during', backoff)).toEqual({ blocked: true, retryAfterSeconds: 30 });
    await expect(limiter.reset('acct:during', backoff)).resolves.toBeUndefined();
    expect(logger.count('warn', OUTAGE_WARNING)).toBe(1);
    expect(logger.count('info', RECOVERY_INFO)).toBe(0);

    // Act: a new redis-server on the same port.
    const second = await startRedisOnPort(port);
    servers.push(second);
    await waitFor(() => client.status === 'ready', 5000, 'the client to reconnect');

    // Assess: Redis answers again: the counter lives there, the insurance counts are not used.
    expect(await limiter.consume('ip:during', budget)).toEqual({ allowed: true, remaining: 2 });
    const probe = await connectedClient(second.url);
    clients.push(probe);
    expect(await probe.get(`${prefix}outage:ip:during`)).toBe('1');
    expect(await limiter.isBlocked('acct:during', backoff)).toEqual({ blocked: false });
    expect(logger.count('info', RECOVERY_INFO)).toBe(1);
    expect(logger.count('warn', OUTAGE_WARNING)).toBe(1);

    await second.stop();
    expect(isAlive(second.pid)).toBe(false);
  });

  it('treats a command timeout like an outage: falls back, never throws', async () => {
    const redis = await ownRedis();
    const prefix = uniquePrefix();
    const { client, limiter, logger } = await container(redis.url, prefix, 100);
    const admin = await connectedClient(redis.url);
    clients.push(client, admin);

    // A real stall: the server holds every client's commands for 1.5 s, so ours time out at 100 ms.
    await admin.call('CLIENT', 'PAUSE', '1500', 'ALL');
    const started = Date.now();
    const during = [];
    for (let i = 0; i < 4; i += 1) during.push(await limiter.consume('ip:slow', budget));
    expect(during.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(await limiter.recordFailure('acct:slow', backoff)).toEqual({ blocked: false, failuresLeft: 1 });
    // Five calls, each given up after its 100 ms timeout: well before the stall ends.
    expect(Date.now() - started).toBeLessThan(1400);
    expect(logger.count('warn', OUTAGE_WARNING)).toBe(1);
    expect(logger.lines[0]?.attributes).toMatchObject({ operation: 'consume', reason: expect.stringMatching(/timed out/) });

    let probe = 0;
    await waitFor(
      async () => {
        await limiter.consume(`ip:after-pause:${(probe += 1)}`, budget);
        return logger.count('info', RECOVERY_INFO) === 1;
      },
      5000,
      'Redis to answer again',
    );
    expect(await admin.get(`${prefix}outage:ip:after-pause:${probe}`)).toBe('1');
    expect(logger.count('warn', OUTAGE_WARNING)).toBe(1);
  });
});
