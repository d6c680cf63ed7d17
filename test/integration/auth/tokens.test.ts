import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openLocalKeyFiles, localKeyDirectory } from '../../../shared/adapters/secrets/local-key-files.js';
import { deriveSigningKeySet, issueAccessToken, type SigningKeySet } from '../../../shared/auth/crypto/index.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';

let stack: TestStack;
let keys: SigningKeySet;
let userId: string;
let validToken: string;
const from = freshClientAddress();
const ISSUER = 'urn:fundcast:auth';
const AUDIENCE = 'urn:fundcast:api';

beforeAll(async () => {
  stack = await startTestStack({ REDIS_URL: inject('redisUrl') });
  const material = await openLocalKeyFiles(localKeyDirectory(stack.dataDir));
  keys = deriveSigningKeySet(await material.signingSeeds.load());
  const account = await registerAccount(stack.url, from);
  userId = account.userId;
  validToken = (await tokensFor(stack.url, from, account)).accessToken;
});
afterAll(() => stack?.close());

/** An authenticated route that any valid token may call. */
const useToken = (token: string) => call(stack.url, '/auth/mfa/setup', { method: 'POST', token, from: freshClientAddress() });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (overrides: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: ISSUER, aud: AUDIENCE, sub: userId, jti: 'j-1', roles: ['admin'], iat: now, nbf: now, exp: now + 600, ...overrides };
};
const signWith = (nowMs: number, options: { issuer?: string; audience?: string } = {}) =>
  issueAccessToken({ subject: userId, roles: ['trader'], ttlSeconds: 600 }, keys, { issuer: options.issuer ?? ISSUER, audience: options.audience ?? AUDIENCE, now: () => nowMs });

describe('access tokens', () => {
  it('accepts the token login issued', async () => {
    expect((await useToken(validToken)).status).toBe(200);
  });

  it('answers 401 without a token, with a malformed header, or with garbage', async () => {
    expect((await call(stack.url, '/auth/mfa/setup', { method: 'POST', from })).status).toBe(401);
    expect((await call(stack.url, '/auth/mfa/setup', { method: 'POST', from, headers: { authorization: `Token ${validToken}` } })).status).toBe(401);
    expect((await useToken('not.a.jwt')).status).toBe(401);
  });

  it('rejects alg none', async () => {
    const token = `${b64({ alg: 'none', typ: 'at+jwt', kid: keys.current.kid })}.${b64(claims())}.`;
    expect((await useToken(token)).status).toBe(401);
  });

  it('rejects HS256 signed with a guessed secret (the public key, or "secret")', async () => {
    const publicKey = keys.jwks().keys[0]?.x ?? '';
    for (const guess of [publicKey, 'secret']) {
      const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: keys.current.kid });
      const body = b64(claims());
      const signature = createHmac('sha256', guess).update(`${header}.${body}`).digest('base64url');
      expect((await useToken(`${header}.${body}.${signature}`)).status).toBe(401);
    }
  });

  it('rejects an edited payload that keeps the original signature', async () => {
    const [header, , signature] = validToken.split('.');
    const edited = `${header}.${b64(claims({ roles: ['admin'] }))}.${signature}`;
    expect((await useToken(edited)).status).toBe(401);
  });

  it('rejects expired and not-yet-valid tokens beyond the clock skew', async () => {
    const expired = await signWith(Date.now() - 3_600_000);
    expect((await useToken(expired.token)).status).toBe(401);
    const future = await signWith(Date.now() + 3_600_000);
    expect((await useToken(future.token)).status).toBe(401);
    const slightlyAhead = await signWith(Date.now() + 5_000);
    expect((await useToken(slightlyAhead.token)).status).toBe(200);
  });

  it('rejects a wrong audience or issuer', async () => {
    expect((await useToken((await signWith(Date.now(), { audience: 'urn:other:api' })).token)).status).toBe(401);
    expect((await useToken((await signWith(Date.now(), { issuer: 'urn:evil:auth' })).token)).status).toBe(401);
  });

  it('rejects an unknown kid and a foreign key claiming our kid', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    for (const kid of ['unknown-kid', keys.current.kid]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid }).sign(privateKey);
      expect((await useToken(token)).status).toBe(401);
    }
  });

  it('publishes the verification keys at /.well-known/jwks.json', async () => {
    const response = await call(stack.url, '/.well-known/jwks.json', { from });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: keys.current.kid, alg: 'EdDSA', use: 'sig' }] });
    expect(JSON.stringify(response.json)).not.toMatch(/"d"/);
  });

  it('issues short-lived tokens with the pinned header and claims', async () => {
    const [header, body] = validToken.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString() || '{}') as Record<string, unknown>);
    expect(header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.current.kid });
    expect(body).toMatchObject({ iss: ISSUER, aud: AUDIENCE, sub: userId, roles: ['trader'], jti: expect.any(String) });
    expect((body?.exp as number) - (body?.iat as number)).toBeLessThanOrEqual(900);
  });
});
