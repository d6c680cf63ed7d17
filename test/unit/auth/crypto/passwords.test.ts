import { scryptSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  dummyVerify,
  hashPassword,
  MalformedPasswordHashError,
  needsRehash,
  SCRYPT_PARAMETERS,
  verifyPassword,
  type PasswordHash,
} from '../../../../shared/auth/crypto/index.js';

const PASSWORD = 'correct staple horse battery 42';

/** A hash made the slow, obvious way with node's synchronous scrypt, to check the module against. */
function referenceHash(password: string, N: number, r: number, p: number, keyLength = 32): PasswordHash {
  const salt = Buffer.alloc(16, 7);
  const hash = scryptSync(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r });
  return { alg: 'scrypt', N, r, p, keyLength, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

describe('hashPassword', () => {
  it('stores scrypt N=2^15 r=8 p=1 with a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword(PASSWORD);

    expect(stored).toMatchObject({ alg: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 32 });
    expect(Buffer.from(stored.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(stored.hash, 'base64')).toHaveLength(32);
  });

  it('is really scrypt over the password and the stored salt', async () => {
    const stored = await hashPassword(PASSWORD);

    const expected = scryptSync(PASSWORD, Buffer.from(stored.salt, 'base64'), 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });

    expect(stored.hash).toBe(expected.toString('base64'));
  });

  it('salts per user: the same password never gives the same record', async () => {
    const [first, second] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);

    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
  });
});

describe('verifyPassword', () => {
  it('accepts the password and refuses any other, case included', async () => {
    const stored = await hashPassword(PASSWORD);

    const [right, wrong, shouted] = await Promise.all([
      verifyPassword(PASSWORD, stored),
      verifyPassword(`${PASSWORD}!`, stored),
      verifyPassword(PASSWORD.toUpperCase(), stored),
    ]);

    expect([right, wrong, shouted]).toEqual([true, false, false]);
  });

  it('verifies with the parameters stored in the record, not the current ones', async () => {
    const older = referenceHash(PASSWORD, 2 ** 14, 8, 1);

    expect(await verifyPassword(PASSWORD, older)).toBe(true);
    expect(await verifyPassword('another password', older)).toBe(false);
  });

  it('treats composed and decomposed accents, and full-width digits, as the same password (NFKC)', async () => {
    const stored = await hashPassword('caf\u00e9 terrasse 2024');

    expect(await verifyPassword('cafe\u0301 terrasse \uff12\uff10\uff12\uff14', stored)).toBe(true);
  });

  it.each([
    ['another algorithm', { alg: 'bcrypt' }],
    ['a cost beyond the bounds (a planted record must not eat the memory)', { N: 2 ** 24 }],
    ['a cost that is not a power of two', { N: 30000 }],
    ['a zero block size', { r: 0 }],
    ['a truncated hash', { hash: Buffer.alloc(8).toString('base64') }],
    ['a short salt', { salt: Buffer.alloc(4).toString('base64') }],
    ['a missing salt', { salt: undefined }],
  ])('throws MalformedPasswordHashError for %s', async (_label, change) => {
    const stored = { ...referenceHash(PASSWORD, 2 ** 14, 8, 1), ...change } as unknown as PasswordHash;

    await expect(verifyPassword(PASSWORD, stored)).rejects.toBeInstanceOf(MalformedPasswordHashError);
  });
});

describe('needsRehash', () => {
  it('is false for a hash made now', async () => {
    expect(needsRehash(await hashPassword(PASSWORD))).toBe(false);
  });

  it.each([
    ['a lower cost', { N: 2 ** 14 }],
    ['another block size', { r: 4 }],
    ['another parallelism', { p: 2 }],
    ['a shorter key', { keyLength: 16 }],
  ])('is true for %s', (_label, change) => {
    const current = referenceHash(PASSWORD, SCRYPT_PARAMETERS.N, SCRYPT_PARAMETERS.r, SCRYPT_PARAMETERS.p);

    expect(needsRehash(current)).toBe(false);
    expect(needsRehash({ ...current, ...change })).toBe(true);
  });
});

describe('dummyVerify', () => {
  it('answers false', async () => {
    expect(await dummyVerify(PASSWORD)).toBe(false);
  });

  it('costs about as much as a real verify, so an unknown email is not faster to reject', async () => {
    const stored = await hashPassword(PASSWORD);
    await Promise.all([verifyPassword('warm-up', stored), dummyVerify('warm-up')]);

    // Interleaved, so a burst of load on the machine hits both series alike.
    const real: number[] = [];
    const dummy: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      real.push(await elapsedMs(() => verifyPassword('wrong password!', stored)));
      dummy.push(await elapsedMs(() => dummyVerify('wrong password!')));
    }

    // scrypt at N=2^15 takes tens of milliseconds; skipping it would take well under one.
    expect(median(real)).toBeGreaterThan(5);
    expect(median(dummy)).toBeGreaterThan(median(real) * 0.5);
    expect(median(dummy)).toBeLessThan(median(real) * 2);
  });
});
