import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SECURITY_HEADERS } from '../../../shared/http/headers.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { login, registerAccount, STRONG_PASSWORD } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl') });
});
afterAll(() => stack?.close());

describe('accounts', () => {
  it('registers an account, storing the email only encrypted and as a blind index', async () => {
    const from = freshClientAddress();
    const account = await registerAccount(stack.url, from, 'Ada.Lovelace@Example.com');
    expect(account.userId).toMatch(/^[0-9a-f-]{36}$/);
    const profile = await stack.deps.store.get('main', { pk: `USER#${account.userId}`, sk: 'PROFILE' });
    const stored = JSON.stringify(profile);
    expect(stored.toLowerCase()).not.toContain('lovelace');
    expect(stored).not.toContain(STRONG_PASSWORD);
    expect(profile?.emailCipher).toMatch(/^v1(\.[\w-]+){5}$/);
    expect(profile?.roles).toEqual(['trader']);
    // The blind index finds the account whatever the case.
    expect((await login(stack.url, from, { email: 'ADA.lovelace@example.COM', password: STRONG_PASSWORD })).status).toBe(200);
  });

  it('refuses a second account for the same email, in any case', async () => {
    const from = freshClientAddress();
    const account = await registerAccount(stack.url, from);
    const again = await call(stack.url, '/auth/register', { body: { email: account.email.toUpperCase(), password: STRONG_PASSWORD }, from });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
  });

  it.each([
    ['too short', 'short-pass1'],
    ['a common password', 'password1234'],
    ['containing the email', 'grace.hopper-2024!'],
  ])('rejects a password that is %s, naming the rule', async (_label, password) => {
    const response = await call(stack.url, '/auth/register', { body: { email: 'grace.hopper@example.com', password }, from: freshClientAddress() });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body.password' })]));
  });

  it('rejects unknown fields and malformed emails without creating anything', async () => {
    const from = freshClientAddress();
    const extra = await call(stack.url, '/auth/register', { body: { email: 'x@example.com', password: STRONG_PASSWORD, roles: ['admin'] }, from });
    expect(extra.status).toBe(400);
    expect(extra.json.errors).toEqual([{ path: 'body', message: 'Unknown field(s): roles' }]);
    expect((await call(stack.url, '/auth/register', { body: { email: 'not-an-email', password: STRONG_PASSWORD }, from })).status).toBe(400);
    expect((await login(stack.url, from, { email: 'x@example.com', password: STRONG_PASSWORD })).status).toBe(401);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const from = freshClientAddress();
    const account = await registerAccount(stack.url, from);
    const wrongPassword = await login(stack.url, from, { email: account.email, password: 'not-the-password-1' });
    const unknownEmail = await login(stack.url, from, { email: `nobody-${account.userId}@example.com`, password: 'not-the-password-1' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const { correlationId: _a, ...first } = wrongPassword.json;
    const { correlationId: _b, ...second } = unknownEmail.json;
    expect(first).toEqual(second);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(wrongPassword.headers[name.toLowerCase()]).toBe(value);
  });

  it('turns brute force on one account into 429 with Retry-After within 10 tries, from any address', async () => {
    const account = await registerAccount(stack.url, freshClientAddress());
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const response = await login(stack.url, freshClientAddress(), { email: account.email, password: `wrong-guess-${attempt}-xx` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers['retry-after'] as string;
    }
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeLessThan(10);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Even the right password is refused while the account is blocked.
    expect((await login(stack.url, freshClientAddress(), account)).status).toBe(429);
  });
});
