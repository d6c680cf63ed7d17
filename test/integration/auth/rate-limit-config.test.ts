import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl'), RATE_LIMIT_IP_PER_MINUTE: '3', RATE_LIMIT_USER_PER_MINUTE: '2' });
});
afterAll(() => stack?.close());

describe('configured rate limits over HTTP', () => {
  it('refuses the request past the per-IP budget with 429 problem+json and Retry-After, leaving other IPs alone', async () => {
    const from = freshClientAddress();
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(stack.url, '/health', { from })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await call(stack.url, '/health', { from });
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect((await call(stack.url, '/health', { from: freshClientAddress() })).status).toBe(200);
  });

  it('limits a signed-in user across IPs', async () => {
    const from = freshClientAddress();
    const { accessToken } = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: accessToken, from: freshClientAddress() })).status);
    expect(statuses.slice(0, 2).every((status) => status !== 429)).toBe(true);
    expect(statuses[2]).toBe(429);
  });
});
