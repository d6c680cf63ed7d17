import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

const ADMIN = { email: 'idem-admin@example.com', password: 'idempotent-admin-pass-7' };
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl'), FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email, FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password });
});
afterAll(() => stack?.close());

async function signedIn() {
  const from = freshClientAddress();
  const { accessToken } = await tokensFor(stack.url, from, await registerAccount(stack.url, from));
  return { from, token: accessToken };
}

// POST /auth/mfa/setup creates a new secret each time it acts: a replay must return the first one.
const setup = (token: string, from: string, key?: string) =>
  call(stack.url, '/auth/mfa/setup', { method: 'POST', token, from, headers: key ? { 'Idempotency-Key': key } : {} });

describe('Idempotency-Key', () => {
  it('acts once and replays the same response for the same key', async () => {
    const { from, token } = await signedIn();
    const first = await setup(token, from, 'key-0000001');
    const again = await setup(token, from, 'key-0000001');
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['x-content-type-options']).toBe('nosniff');
    const other = await setup(token, from, 'key-0000002');
    expect(other.json.secret).not.toBe(first.json.secret);
    const withoutKey = await setup(token, from);
    expect(withoutKey.json.secret).not.toBe(other.json.secret);
  });

  it('acts once when two copies arrive at the same time', async () => {
    const { from, token } = await signedIn();
    const copies = await Promise.all([setup(token, from, 'race-key-01'), setup(token, from, 'race-key-01'), setup(token, from, 'race-key-01')]);
    expect(copies.map((copy) => copy.status)).toEqual([200, 200, 200]);
    expect(new Set(copies.map((copy) => copy.json.secret)).size).toBe(1);
  });

  it('keeps keys per caller and refuses a key reused with another body', async () => {
    const mine = await signedIn();
    const theirs = await signedIn();
    const a = await setup(mine.token, mine.from, 'shared-key-1');
    const b = await setup(theirs.token, theirs.from, 'shared-key-1');
    expect(b.json.secret).not.toBe(a.json.secret);

    const from = freshClientAddress();
    const admin = await tokensFor(stack.url, from, ADMIN);
    const target = await registerAccount(stack.url, from);
    const grant = (roles: string[]) =>
      call(stack.url, `/admin/users/${target.userId}/roles`, { body: { roles }, token: admin.accessToken, from, headers: { 'Idempotency-Key': 'grant-key-1' } });
    expect((await grant(['market_maker'])).status).toBe(200);
    const reused = await grant(['sre']);
    expect(reused.status).toBe(422);
    expect(reused.json.type).toBe('https://fundcast.dev/problems/idempotency-key-reused');
    expect((await call(stack.url, '/auth/mfa/setup', { method: 'POST', token: mine.token, from: mine.from, headers: { 'Idempotency-Key': 'bad key!' } })).status).toBe(400);
  });

  it('does not keep a failed request, so its retry can act', async () => {
    const from = freshClientAddress();
    const admin = await tokensFor(stack.url, from, ADMIN);
    const missing = '00000000-0000-4000-8000-000000000001';
    const attempt = () =>
      call(stack.url, `/admin/users/${missing}/roles`, { body: { roles: ['trader'] }, token: admin.accessToken, from, headers: { 'Idempotency-Key': 'retry-key-1' } });
    expect((await attempt()).status).toBe(404);
    // Had the claim been kept, the retry would wait for it and answer 409 in progress.
    const retry = await attempt();
    expect(retry.status).toBe(404);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });
});
