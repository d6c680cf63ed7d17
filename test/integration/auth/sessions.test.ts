import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { login, registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl') });
});
afterAll(() => stack?.close());

const refresh = (refreshToken: string) => call(stack.url, '/auth/refresh', { body: { refreshToken }, from: freshClientAddress() });

describe('refresh token rotation', () => {
  it('returns a new pair and spends the old refresh token', async () => {
    const from = freshClientAddress();
    const first = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(rotated.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect(rotated.json.refreshToken).not.toBe(first.refreshToken);
    expect((await refresh(rotated.json.refreshToken as string)).status).toBe(200);
  });

  it('revokes the whole family when a spent token is presented again', async () => {
    const from = freshClientAddress();
    const first = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    const second = (await refresh(first.refreshToken)).json.refreshToken as string;
    const third = (await refresh(second)).json.refreshToken as string;
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    // Every descendant dies with the family, including the newest one the thief or the user holds.
    expect((await refresh(third)).status).toBe(401);
  });

  it('lets only one of two simultaneous refreshes with the same token win, and revokes the family', async () => {
    const from = freshClientAddress();
    const first = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    const results = await Promise.all([refresh(first.refreshToken), refresh(first.refreshToken)]);
    const winners = results.filter((result) => result.status === 200);
    expect(winners.length).toBeLessThanOrEqual(1);
    for (const winner of winners) expect((await refresh(winner.json.refreshToken as string)).status).toBe(401);
  });

  it('logout revokes the family and answers 204 even for unknown tokens', async () => {
    const from = freshClientAddress();
    const first = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
    expect((await call(stack.url, '/auth/logout', { body: { refreshToken: first.refreshToken }, from })).status).toBe(204);
    expect((await refresh(first.refreshToken)).status).toBe(401);
    expect((await call(stack.url, '/auth/logout', { body: { refreshToken: 'x'.repeat(43) }, from })).status).toBe(204);
  });
});

describe('TOTP multi-factor authentication', () => {
  it('enrols with a verified code, then requires a fresh code at every login and refuses a replay', async () => {
    const from = freshClientAddress();
    const account = await registerAccount(stack.url, from);
    const { accessToken } = await tokensFor(stack.url, from, account);

    const setup = await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: accessToken, from });
    expect(setup.status).toBe(200);
    expect(setup.json.otpauthUrl).toMatch(/^otpauth:\/\/totp\/FundCast:/);
    const totp = new TOTP({ secret: setup.json.secret as string, digits: 6, period: 30, algorithm: 'SHA1' });
    // Until verified, MFA is not on.
    expect((await login(stack.url, from, account)).status).toBe(200);

    expect((await call(stack.url, '/auth/mfa/verify', { body: { code: '000000' === totp.generate() ? '111111' : '000000' }, token: accessToken, from })).status).toBe(401);
    const enrolCode = totp.generate({ timestamp: Date.now() - 30_000 });
    const verify = await call(stack.url, '/auth/mfa/verify', { body: { code: enrolCode }, token: accessToken, from });
    expect(verify.status).toBe(200);
    expect(verify.json).toEqual({ mfaEnabled: true });

    const withoutCode = await login(stack.url, from, account);
    expect(withoutCode.status).toBe(401);
    expect(withoutCode.json.type).toBe('https://fundcast.dev/problems/mfa-required');

    const code = totp.generate();
    expect((await login(stack.url, from, account, code)).status).toBe(200);
    expect((await login(stack.url, freshClientAddress(), account, code)).status).toBe(401);
  });

  it('refuses a second setup once MFA is on, and verify without setup', async () => {
    const from = freshClientAddress();
    const account = await registerAccount(stack.url, from);
    const { accessToken } = await tokensFor(stack.url, from, account);
    expect((await call(stack.url, '/auth/mfa/verify', { body: { code: '123456' }, token: accessToken, from })).status).toBe(409);
    const setup = await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: accessToken, from });
    const totp = new TOTP({ secret: setup.json.secret as string });
    expect((await call(stack.url, '/auth/mfa/verify', { body: { code: totp.generate() }, token: accessToken, from })).status).toBe(200);
    expect((await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: accessToken, from })).status).toBe(409);
  });
});
