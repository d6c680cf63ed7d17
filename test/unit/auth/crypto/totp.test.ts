import { HOTP, Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createTotpSecret, KeyMaterialError, otpauthUrl, verifyTotp } from '../../../../shared/auth/crypto/index.js';

/** RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA-1. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const codeAt = (step: number, secret = RFC_SECRET): string => HOTP.generate({ secret: Secret.fromBase32(secret), counter: step, digits: 6 });
const at = (seconds: number) => ({ now: () => seconds * 1000 });

describe('createTotpSecret', () => {
  it('is 20 random bytes in base32', () => {
    const secret = createTotpSecret();

    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(createTotpSecret()).not.toBe(secret);
  });
});

describe('otpauthUrl', () => {
  it('describes a SHA-1, 6-digit, 30-second TOTP issued by FundCast', () => {
    const url = new URL(otpauthUrl({ secret: RFC_SECRET, account: 'alice@example.com' }));

    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/FundCast:alice@example.com');
    expect(Object.fromEntries(url.searchParams)).toEqual({ issuer: 'FundCast', secret: RFC_SECRET, algorithm: 'SHA1', digits: '6', period: '30' });
  });

  it('refuses a secret that is not base32', () => {
    expect(() => otpauthUrl({ secret: 'not base32!', account: 'a@b.c' })).toThrow(KeyMaterialError);
  });
});

describe('verifyTotp', () => {
  it.each([
    [59, '287082', 1],
    [1111111109, '081804', 37037036],
    [1111111111, '050471', 37037037],
    [1234567890, '005924', 41152263],
    [2000000000, '279037', 66666666],
  ])('matches the RFC 6238 vector at T=%s (%s) and returns its step', (seconds, code, step) => {
    expect(verifyTotp(code, RFC_SECRET, at(seconds))).toBe(step);
  });

  it('accepts one step either side of now and no further', () => {
    const step = 50_000_000;
    const now = at(step * 30 + 10);

    expect(verifyTotp(codeAt(step - 1), RFC_SECRET, now)).toBe(step - 1);
    expect(verifyTotp(codeAt(step + 1), RFC_SECRET, now)).toBe(step + 1);
    expect(verifyTotp(codeAt(step - 2), RFC_SECRET, now)).toBeUndefined();
    expect(verifyTotp(codeAt(step + 2), RFC_SECRET, now)).toBeUndefined();
  });

  it('refuses a replay: a code whose step is not after the last used step', () => {
    const step = 50_000_000;
    const now = at(step * 30 + 10);

    expect(verifyTotp(codeAt(step), RFC_SECRET, { ...now, lastUsedStep: step })).toBeUndefined();
    expect(verifyTotp(codeAt(step - 1), RFC_SECRET, { ...now, lastUsedStep: step })).toBeUndefined();
    expect(verifyTotp(codeAt(step + 1), RFC_SECRET, { ...now, lastUsedStep: step })).toBe(step + 1);
    expect(verifyTotp(codeAt(step), RFC_SECRET, { ...now, lastUsedStep: step - 1 })).toBe(step);
  });

  it('refuses a wrong code', () => {
    const good = codeAt(1);
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, '0');

    expect(verifyTotp(wrong, RFC_SECRET, at(59))).toBeUndefined();
  });

  it.each([
    ['with a space', ' 287082'],
    ['five digits', '28708'],
    ['seven digits', '2870820'],
    ['a letter', '28708a'],
    ['full-width digits', '\uff12\uff18\uff17\uff10\uff18\uff12'],
    ['empty', ''],
  ])('accepts only six ASCII digits: refuses %s', (_label, code) => {
    expect(verifyTotp(code, RFC_SECRET, at(59))).toBeUndefined();
  });

  it('works with a secret made by createTotpSecret', () => {
    const secret = createTotpSecret();

    expect(verifyTotp(codeAt(40_000_000, secret), secret, at(40_000_000 * 30))).toBe(40_000_000);
  });
});
