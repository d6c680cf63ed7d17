import { describe, expect, it } from 'vitest';
import {
  assertValidBackoffPolicy,
  blockSchedule,
  blockSecondsFor,
  toRetryAfterSeconds,
} from '../../../../shared/auth/rate-limit/escalation.js';
import { RATE_LIMIT_POLICIES } from '../../../../shared/auth/rate-limit/policies.js';
import type { BackoffPolicy } from '../../../../shared/auth/rate-limit/port.js';

const policy = (overrides: Partial<BackoffPolicy> = {}): BackoffPolicy => ({
  kind: 'backoff',
  name: 'test',
  maxFailures: 3,
  windowSeconds: 60,
  baseBlockSeconds: 60,
  maxBlockSeconds: 86_400,
  historySeconds: 86_400,
  ...overrides,
});

describe('escalation schedule', () => {
  it('doubles from the base and ends at the cap', () => {
    expect(blockSchedule(policy())).toEqual([60, 120, 240, 480, 960, 1920, 3840, 7680, 15_360, 30_720, 61_440, 86_400]);
    expect(blockSchedule(policy({ baseBlockSeconds: 1, maxBlockSeconds: 8 }))).toEqual([1, 2, 4, 8]);
    expect(blockSchedule(policy({ baseBlockSeconds: 5, maxBlockSeconds: 5 }))).toEqual([5]);
  });

  it('gives breach n the n-th block and every later breach the cap', () => {
    const p = policy({ baseBlockSeconds: 1, maxBlockSeconds: 8 });
    expect([1, 2, 3, 4, 5, 50].map((breach) => blockSecondsFor(p, breach))).toEqual([1, 2, 4, 8, 8, 8]);
    expect(blockSecondsFor(p, 0)).toBe(1);
  });

  it('rejects policies that could never block or never end', () => {
    expect(() => assertValidBackoffPolicy(policy({ maxFailures: 0 }))).toThrow(RangeError);
    expect(() => assertValidBackoffPolicy(policy({ baseBlockSeconds: 0 }))).toThrow(RangeError);
    expect(() => assertValidBackoffPolicy(policy({ windowSeconds: 1.5 }))).toThrow(RangeError);
    expect(() => assertValidBackoffPolicy(policy({ baseBlockSeconds: 120, maxBlockSeconds: 60 }))).toThrow(RangeError);
    expect(() => assertValidBackoffPolicy(policy())).not.toThrow();
  });

  it('rounds Retry-After up to whole seconds, never below 1', () => {
    expect(toRetryAfterSeconds(0)).toBe(1);
    expect(toRetryAfterSeconds(-5)).toBe(1);
    expect(toRetryAfterSeconds(1)).toBe(1);
    expect(toRetryAfterSeconds(1000)).toBe(1);
    expect(toRetryAfterSeconds(1001)).toBe(2);
  });
});

describe('shipped policies', () => {
  const { ip, ipAuth, user, loginFailuresPerAccount, authFailuresPerIp } = RATE_LIMIT_POLICIES;

  it('are valid and tighter on /auth/* than elsewhere', () => {
    for (const backoff of [loginFailuresPerAccount, authFailuresPerIp]) expect(() => assertValidBackoffPolicy(backoff)).not.toThrow();
    expect(ipAuth.points / ipAuth.windowSeconds).toBeLessThan(ip.points / ip.windowSeconds);
    expect(user.points).toBeGreaterThan(0);
  });

  it('block an account before its 10th wrong password, escalating from a minute to a day', () => {
    expect(loginFailuresPerAccount.maxFailures).toBeLessThan(10);
    expect(blockSecondsFor(loginFailuresPerAccount, 1)).toBe(60);
    expect(blockSecondsFor(loginFailuresPerAccount, 2)).toBe(120);
    expect(blockSecondsFor(loginFailuresPerAccount, 99)).toBe(86_400);
  });

  it('keep the IP block shorter than the account block (shared NATs)', () => {
    expect(authFailuresPerIp.maxBlockSeconds).toBeLessThan(loginFailuresPerAccount.maxBlockSeconds);
  });
});
