import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisClient, type RedisConnection } from '../../../../shared/adapters/redis/client.js';
import { backoffKeys, RedisRateLimiter } from '../../../../shared/adapters/redis/rate-limiter.js';
import { TooManyRequestsError } from '../../../../shared/auth/rate-limit/errors.js';
import { loginThrottle } from '../../../../shared/auth/rate-limit/login-throttle.js';
import { RATE_LIMIT_POLICIES } from '../../../../shared/auth/rate-limit/policies.js';
import type { BackoffPolicy, BudgetPolicy, FailureDecision } from '../../../../shared/auth/rate-limit/port.js';
import { rateLimitKey } from '../../../../shared/auth/rate-limit/subject-key.js';
import { type Container, connectedClient, container, recordingLogger, uniquePrefix, waitFor } from './support.js';

const budget = (points: number, windowSeconds = 60): BudgetPolicy => ({ kind: 'budget', name: `b${points}`, points, windowSeconds });

describe('RedisRateLimiter on a real redis-server', () => {
  const url = inject('redisUrl');
  const prefix = uniquePrefix();
  let a: Container;
  let b: Container;
  let raw: RedisConnection;

  beforeAll(async () => {
    [a, b, raw] = await Promise.all([container(url, prefix), container(url, prefix), connectedClient(url)]);
  });
  afterAll(() => {
    for (const client of [a.client, b.client, raw]) client.disconnect();
  });

  describe('budgets', () => {
    it('allows the policy points per window, then refuses with a Retry-After inside the window', async () => {
      const policy = budget(3);
      const decisions = [];
      for (let i = 0; i < 5; i += 1) decisions.push(await a.limiter.consume('ip:solo', policy));
      expect(decisions.slice(0, 3)).toEqual([
        { allowed: true, remaining: 2 },
        { allowed: true, remaining: 1 },
        { allowed: true, remaining: 0 },
      ]);
      for (const refused of decisions.slice(3)) {
        expect(refused.allowed).toBe(false);
        if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        if (!refused.allowed) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      }
      expect(a.logger.lines).toEqual([]);
    });

    it('charges the cost and rejects a cost that is not a positive integer', async () => {
      expect(await a.limiter.consume('ip:cost', budget(5), 4)).toEqual({ allowed: true, remaining: 1 });
      expect((await a.limiter.consume('ip:cost', budget(5), 2)).allowed).toBe(false);
      await expect(a.limiter.consume('ip:cost', budget(5), 0)).rejects.toThrow(RangeError);
      await expect(a.limiter.consume('ip:cost', budget(5), 1.5)).rejects.toThrow(RangeError);
    });

    it('shares one budget between two containers (separate clients)', async () => {
      const policy = budget(4);
      await a.limiter.consume('ip:shared', policy);
      await b.limiter.consume('ip:shared', policy);
      await a.limiter.consume('ip:shared', policy);
      expect(await b.limiter.consume('ip:shared', policy)).toEqual({ allowed: true, remaining: 0 });
      expect((await a.limiter.consume('ip:shared', policy)).allowed).toBe(false);
      expect((await b.limiter.consume('ip:shared', policy)).allowed).toBe(false);
    });

    it('starts over once the window has passed', async () => {
      const policy = budget(1, 1);
      expect((await a.limiter.consume('ip:window', policy)).allowed).toBe(true);
      expect((await a.limiter.consume('ip:window', policy)).allowed).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await b.limiter.consume('ip:window', policy)).allowed).toBe(true);
    });

    it('writes only prefixed keys with hashed subjects, never the raw IP or e-mail', async () => {
      const ip = '198.51.100.23';
      const email = 'carol@example.com';
      await a.limiter.consume(rateLimitKey('ip', ip, 'k'), RATE_LIMIT_POLICIES.ip);
      await a.limiter.recordFailure(rateLimitKey('account', email, 'k'), RATE_LIMIT_POLICIES.loginFailuresPerAccount);
      const keys = await raw.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const key of keys) {
        expect(key.startsWith(prefix)).toBe(true);
        expect(key).not.toContain(ip);
        expect(key).not.toContain('carol');
      }
    });

    it('never lets more than the points through in one window, whatever the mix of containers and costs', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 8 }),
          fc.array(fc.record({ container: fc.boolean(), cost: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 30 }),
          async (points, calls) => {
            const key = `ip:prop:${(run += 1)}`;
            const policy = budget(points);
            const decisions = await Promise.all(calls.map((call) => (call.container ? a : b).limiter.consume(key, policy, call.cost)));
            const allowedCost = calls.reduce((sum, call, i) => sum + (decisions[i]?.allowed ? call.cost : 0), 0);
            expect(allowedCost).toBeLessThanOrEqual(points);
            // With unit costs the counter is exact: exactly min(points, calls) get through.
            const unit = await Promise.all(calls.map((call) => (call.container ? a : b).limiter.consume(`${key}:unit`, policy)));
            expect(unit.filter((decision) => decision.allowed)).toHaveLength(Math.min(points, calls.length));
          },
        ),
        { numRuns: 40 },
      );
    });
  });

  describe('escalating back-off', () => {
    const policy: BackoffPolicy = {
      kind: 'backoff',
      name: 'esc',
      maxFailures: 2,
      windowSeconds: 60,
      baseBlockSeconds: 1,
      maxBlockSeconds: 8,
      historySeconds: 60,
    };

    it('doubles the block on each breach up to the cap, across containers', async () => {
      const keys = backoffKeys(prefix, policy, 'acct:esc');
      const seen: number[] = [];
      for (let n = 1; n <= 5; n += 1) {
        expect(await a.limiter.recordFailure('acct:esc', policy)).toEqual({ blocked: false, failuresLeft: 1 });
        const decision = await b.limiter.recordFailure('acct:esc', policy);
        expect(decision).toMatchObject({ blocked: true, breach: n, newBreach: true });
        if (decision.blocked) seen.push(decision.retryAfterSeconds);
        const ttl = await raw.pttl(keys.block);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual([1, 2, 4, 8, 8][n - 1]! * 1000);
        // The history outlives the block, so the next breach escalates instead of starting over.
        expect(await raw.pttl(keys.breaches)).toBeGreaterThan(ttl);
        expect(await a.limiter.recordFailure('acct:esc', policy)).toMatchObject({ blocked: true, breach: n, newBreach: false });
        expect((await a.limiter.isBlocked('acct:esc', policy)).blocked).toBe(true);
        if (n === 1) {
          // Let the first (1 s) block really expire; later ones are ended early to keep the test short.
          await new Promise((resolve) => setTimeout(resolve, 1050));
        } else {
          await raw.del(keys.block);
        }
        expect(await b.limiter.isBlocked('acct:esc', policy)).toEqual({ blocked: false });
      }
      expect(seen).toEqual([1, 2, 4, 8, 8]);
    });

    it('counts exactly one breach when two containers race past the threshold (the script is atomic)', async () => {
      const racing: BackoffPolicy = { ...policy, name: 'race', maxFailures: 5, baseBlockSeconds: 30, maxBlockSeconds: 60 };
      const decisions: FailureDecision[] = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).limiter.recordFailure('acct:race', racing)),
      );
      expect(decisions.filter((decision) => decision.blocked && decision.newBreach)).toHaveLength(1);
      expect(decisions.filter((decision) => !decision.blocked)).toHaveLength(4);
      expect(decisions.every((decision) => !decision.blocked || decision.breach === 1)).toBe(true);
    });

    it('reset forgets the window but not the history', async () => {
      const keys = backoffKeys(prefix, policy, 'acct:reset');
      await a.limiter.recordFailure('acct:reset', policy);
      await a.limiter.recordFailure('acct:reset', policy);
      await raw.del(keys.block);
      expect(await a.limiter.recordFailure('acct:reset', policy)).toEqual({ blocked: false, failuresLeft: 1 });
      await b.limiter.reset('acct:reset', policy);
      expect(await a.limiter.recordFailure('acct:reset', policy)).toEqual({ blocked: false, failuresLeft: 1 });
      expect(await a.limiter.recordFailure('acct:reset', policy)).toMatchObject({ blocked: true, breach: 2, retryAfterSeconds: 2 });
    });
  });

  describe('brute force on one account', () => {
    it('is refused with 429 within 10 tries, whichever container and IP each guess uses', async () => {
      const throttles = [a, b].map(({ limiter }) => loginThrottle({ tracker: limiter, keySecret: 'k' }));
      const outcomes: (401 | 429)[] = [];
      let retryAfter = 0;
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const throttle = throttles[attempt % 2]!;
        // Case games do not buy extra guesses.
        const email = attempt % 3 === 0 ? 'Victim@Example.com' : 'victim@example.com';
        try {
          await throttle.assertAllowed(email);
          await throttle.failed(email);
          outcomes.push(401);
        } catch (error) {
          expect(error).toBeInstanceOf(TooManyRequestsError);
          retryAfter = (error as TooManyRequestsError).retryAfterSeconds;
          outcomes.push(429);
        }
      }
      expect(outcomes).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('lets the owner in after a success without forgetting earlier breaches', async () => {
      const throttle = loginThrottle({ tracker: a.limiter, keySecret: 'k' });
      await throttle.failed('dave@example.com');
      await throttle.failed('dave@example.com');
      await throttle.succeeded('dave@example.com');
      await expect(throttle.assertAllowed('dave@example.com')).resolves.toBeUndefined();
      expect(await throttle.failed('dave@example.com')).toEqual({ blocked: false, failuresLeft: 4 });
    });
  });

  it('a limiter on a client nobody connected connects it instead of staying on the fallback', async () => {
    const lazy = createRedisClient({ url, commandTimeoutMs: 1000 });
    lazy.on('error', () => undefined);
    const limiter = new RedisRateLimiter({ client: lazy, logger: recordingLogger(), keyPrefix: prefix });
    await limiter.consume('ip:lazy', budget(5));
    await waitFor(() => lazy.status === 'ready', 3000, 'the lazy client to connect');
    await limiter.consume('ip:lazy', budget(5));
    expect(Number(await raw.get(`${prefix}b5:ip:lazy`))).toBeGreaterThanOrEqual(1);
    lazy.disconnect();
  });
});
