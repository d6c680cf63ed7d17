import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CryptoUsageError,
  deriveSigningKeySet,
  InvalidTokenError,
  issueAccessToken,
  verifyAccessToken,
  type InvalidTokenReason,
  type SigningKeySet,
} from '../../../../shared/auth/crypto/index.js';

const SEED = 'token-seed-Kq7Vb2Nx9Lm4Pw8Rt1Ys6Uz3Oa5Ec0';
const OTHER_SEED = 'other-seed-Hd4Jf6Gk8Ll0Zx2Cv4Bn6Mm8Qq0Ww2';
const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const ISSUE = { issuer: 'https://api.fundcast.test', audience: 'fundcast-api', now: () => T0 };
const VERIFY = { issuer: ISSUE.issuer, audience: ISSUE.audience, now: () => T0 };
const ALICE = { subject: 'user_alice', roles: ['trader'], ttlSeconds: 900 };
const keys = deriveSigningKeySet({ current: SEED });

const at = (ms: number) => ({ ...VERIFY, now: () => ms });
const b64json = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const issue = async (set: SigningKeySet = keys, now = T0) => (await issueAccessToken(ALICE, set, { ...ISSUE, now: () => now })).token;

/** A token with any header and claims, signed by `privateKey`: what a holder of some key could make. */
function forge(header: Record<string, unknown>, claims: JWTPayload, privateKey = keys.current.privateKey): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.current.kid, ...header }).sign(privateKey);
}
const validClaims = (): JWTPayload => {
  const iat = Math.floor(T0 / 1000);
  return { iss: ISSUE.issuer, aud: ISSUE.audience, sub: 'user_alice', jti: 'jti-1', roles: ['trader'], iat, nbf: iat, exp: iat + 600 };
};

async function reasonOf(token: string, set: SigningKeySet = keys, options = VERIFY): Promise<InvalidTokenReason> {
  const error = await verifyAccessToken(token, set, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
}

describe('issueAccessToken', () => {
  it('signs EdDSA with the current kid and the at+jwt type', async () => {
    const token = await issue();

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: keys.current.kid, typ: 'at+jwt' });
  });

  it('carries iss, aud, sub, jti, roles, iat, nbf and exp', async () => {
    const { token, expiresIn } = await issueAccessToken({ ...ALICE, roles: ['trader', 'sre'], ttlSeconds: 300 }, keys, ISSUE);
    const iat = Math.floor(T0 / 1000);

    const claims = decodeJwt(token);

    expect(expiresIn).toBe(300);
    expect(claims).toEqual({ iss: ISSUE.issuer, aud: ISSUE.audience, sub: 'user_alice', jti: claims.jti, roles: ['trader', 'sre'], iat, nbf: iat, exp: iat + 300 });
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives every token its own jti', async () => {
    const [first, second] = await Promise.all([issue(), issue()]);

    expect(decodeJwt(first).jti).not.toBe(decodeJwt(second).jti);
  });

  it('verifies with the published JWKS, as any other party would', async () => {
    const token = await issue();

    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.jwks()), { ...VERIFY, currentDate: new Date(T0) });

    expect(payload.sub).toBe('user_alice');
  });

  it.each([901, 3600, 0, -5, 1.5, Number.NaN])('refuses a TTL of %s seconds (at most 900)', async (ttlSeconds) => {
    await expect(issueAccessToken({ ...ALICE, ttlSeconds }, keys, ISSUE)).rejects.toBeInstanceOf(CryptoUsageError);
  });

  it('refuses roles that are not strings', async () => {
    await expect(issueAccessToken({ ...ALICE, roles: [42] as unknown as string[] }, keys, ISSUE)).rejects.toBeInstanceOf(CryptoUsageError);
  });
});

describe('verifyAccessToken: a good token', () => {
  it('returns the subject, roles, jti and expiry', async () => {
    const token = await issue();

    const verified = await verifyAccessToken(token, keys, VERIFY);

    expect(verified).toEqual({ subject: 'user_alice', roles: ['trader'], jti: decodeJwt(token).jti, expiresAt: Math.floor(T0 / 1000) * 1000 + 900_000 });
  });

  it('tolerates 30 s of clock skew by default at both ends', async () => {
    const token = await issue(keys, T0 + 25_000);

    await expect(verifyAccessToken(token, keys, VERIFY)).resolves.toMatchObject({ subject: 'user_alice' });
    await expect(verifyAccessToken(token, keys, at(T0 + 25_000 + 900_000 + 29_000))).resolves.toMatchObject({ subject: 'user_alice' });
  });
});

describe('verifyAccessToken: attacks', () => {
  it('refuses alg none (an unsigned token)', async () => {
    const claims = decodeJwt(await issue());
    const unsigned = `${b64json({ alg: 'none', typ: 'at+jwt', kid: keys.current.kid })}.${b64json(claims)}.`;

    expect(await reasonOf(unsigned)).toBe('alg');
  });

  it.each([
    ['the raw public key bytes', () => Buffer.from(keys.jwks().keys[0]?.x ?? '', 'base64url')],
    ['the public key PEM', () => Buffer.from(keys.verificationKeys.get(keys.current.kid)?.export({ format: 'pem', type: 'spki' }) ?? '')],
    ["the word 'secret'", () => Buffer.from('secret')],
  ])('refuses HS256 signed with a guessed secret: %s', async (_label, secret) => {
    const token = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: keys.current.kid }).sign(secret());

    expect(await reasonOf(token)).toBe('alg');
  });

  it('refuses an edited payload carrying the original signature', async () => {
    const [header, , signature] = (await issue()).split('.');
    const promoted = { ...decodeJwt(await issue()), roles: ['admin'] };

    expect(await reasonOf(`${header}.${b64json(promoted)}.${signature}`)).toBe('signature');
  });

  it('refuses a token signed by another Ed25519 key that claims our kid', async () => {
    const impostor = deriveSigningKeySet({ current: OTHER_SEED }).current.privateKey;

    expect(await reasonOf(await forge({}, validClaims(), impostor))).toBe('signature');
  });

  it('refuses an unknown kid', async () => {
    const token = await issue(deriveSigningKeySet({ current: OTHER_SEED }));

    expect(await reasonOf(token)).toBe('kid');
  });

  it('refuses a token without a kid', async () => {
    expect(await reasonOf(await forge({ kid: undefined }, validClaims()))).toBe('kid');
  });

  it('refuses an expired token once the skew is used up', async () => {
    const token = await issue();

    expect(await reasonOf(token, keys, at(T0 + 900_000 + 31_000))).toBe('expired');
  });

  it('refuses a token not valid yet (nbf beyond the skew)', async () => {
    const token = await issue(keys, T0 + 60_000);

    expect(await reasonOf(token)).toBe('not_yet_valid');
  });

  it('refuses a token for another audience', async () => {
    expect(await reasonOf(await issue(), keys, { ...VERIFY, audience: 'fundcast-admin' })).toBe('claims');
  });

  it('refuses a token from another issuer', async () => {
    expect(await reasonOf(await issue(), keys, { ...VERIFY, issuer: 'https://evil.example' })).toBe('claims');
  });

  it.each([
    ['typ JWT (an ID token, say)', { typ: 'JWT' }, {}],
    ['no typ', { typ: undefined }, {}],
    ['roles as a string', {}, { roles: 'admin' }],
    ['roles with a number', {}, { roles: ['trader', 7] }],
    ['no roles', {}, { roles: undefined }],
    ['no jti', {}, { jti: undefined }],
    ['no subject', {}, { sub: undefined }],
    ['no nbf', {}, { nbf: undefined }],
  ])('refuses a well-signed token with %s', async (_label, header, change) => {
    const token = await forge(header, { ...validClaims(), ...change });

    expect(await reasonOf(token)).toBe('claims');
  });

  it.each(['', 'not-a-token', 'a.b.c', `${b64json({ alg: 'EdDSA' })}.e30`, 'x'.repeat(9000)])('refuses malformed input %#', async (token) => {
    expect(await reasonOf(token)).toBe('malformed');
  });

  it('says nothing of the reason in its message', async () => {
    const error = await verifyAccessToken(await issue(), keys, at(T0 + 3_600_000)).catch((caught: unknown) => caught);

    expect((error as Error).message).toBe('The access token is not valid');
    expect((error as InvalidTokenError).code).toBe('INVALID_TOKEN');
  });
});

describe('verifyAccessToken: key rotation', () => {
  it('accepts a token of the previous key while that key is in the set, and refuses it once dropped', async () => {
    const before = deriveSigningKeySet({ current: SEED });
    const during = deriveSigningKeySet({ current: OTHER_SEED, previous: SEED });
    const after = deriveSigningKeySet({ current: OTHER_SEED });
    const oldToken = await issue(before);
    const newToken = await issue(during);

    await expect(verifyAccessToken(oldToken, during, VERIFY)).resolves.toMatchObject({ subject: 'user_alice' });
    await expect(verifyAccessToken(newToken, during, VERIFY)).resolves.toMatchObject({ subject: 'user_alice' });
    expect(decodeProtectedHeader(newToken).kid).toBe(after.current.kid);
    expect(await reasonOf(oldToken, after)).toBe('kid');
    await expect(verifyAccessToken(newToken, after, VERIFY)).resolves.toMatchObject({ subject: 'user_alice' });
  });
});
