import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deriveSigningKeySet,
  KeyMaterialError,
  SigningKeyRing,
  type SigningSeeds,
  type SigningSeedSource,
} from '../../../../shared/auth/crypto/index.js';

const SEED_A = 'seed-a-7Qm2vX9pL4kR8tY1wE6uI3oP5aS0dF';
const SEED_B = 'seed-b-Zx8Cv7Bn6Mq5Wl4Ek3Rj2Th1Yg0Uf9Id';
const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();

describe('deriveSigningKeySet', () => {
  it('derives the Ed25519 private key as SHA-256 of the seed', () => {
    const keys = deriveSigningKeySet({ current: SEED_A });

    const jwk = keys.current.privateKey.export({ format: 'jwk' });

    expect(keys.current.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(jwk.d).toBe(sha256(SEED_A).toString('base64url'));
  });

  it('names the key by the first 12 bytes of SHA-256 over the raw public key, base64url', () => {
    const keys = deriveSigningKeySet({ current: SEED_A });
    const x = createPublicKey(keys.current.privateKey).export({ format: 'jwk' }).x as string;

    expect(keys.current.kid).toBe(sha256(Buffer.from(x, 'base64url')).subarray(0, 12).toString('base64url'));
    expect(keys.current.kid).toHaveLength(16);
  });

  it('is deterministic: every container derives the same keys from the same seeds', () => {
    const first = deriveSigningKeySet({ current: SEED_A, previous: SEED_B });
    const second = deriveSigningKeySet({ current: SEED_A, previous: SEED_B });

    expect(second.jwks()).toEqual(first.jwks());
    expect(deriveSigningKeySet({ current: SEED_B }).current.kid).not.toBe(first.current.kid);
  });

  it('publishes one JWK per live key, current first, public parts only', () => {
    const current = deriveSigningKeySet({ current: SEED_A }).current.kid;
    const previous = deriveSigningKeySet({ current: SEED_B }).current.kid;

    const { keys } = deriveSigningKeySet({ current: SEED_A, previous: SEED_B }).jwks();

    expect(keys.map((key) => key.kid)).toEqual([current, previous]);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
      expect(Buffer.from(key.x, 'base64url')).toHaveLength(32);
    }
  });

  it('publishes a key that verifies what the private key signs', () => {
    const keys = deriveSigningKeySet({ current: SEED_A });
    const message = Buffer.from('hello');
    const [jwk] = keys.jwks().keys;

    const signature = sign(null, message, keys.current.privateKey);

    expect(verify(null, message, createPublicKey({ key: { ...jwk }, format: 'jwk' }), signature)).toBe(true);
  });

  it('keeps the previous key for verification only', () => {
    const keys = deriveSigningKeySet({ current: SEED_A, previous: SEED_B });
    const previousKid = deriveSigningKeySet({ current: SEED_B }).current.kid;

    expect([...keys.verificationKeys.keys()]).toEqual([keys.current.kid, previousKid]);
    expect(keys.verificationKeys.get(previousKid)?.type).toBe('public');
  });

  it('lists a previous seed equal to the current one once', () => {
    expect(deriveSigningKeySet({ current: SEED_A, previous: SEED_A }).jwks().keys).toHaveLength(1);
  });

  it.each([
    ['a current seed of 31 characters', { current: 'x'.repeat(31) }],
    ['a previous seed of 31 characters', { current: SEED_A, previous: 'x'.repeat(31) }],
  ])('refuses %s', (_label, seeds: SigningSeeds) => {
    expect(() => deriveSigningKeySet(seeds)).toThrow(KeyMaterialError);
  });

  it('accepts a 32-character seed', () => {
    expect(deriveSigningKeySet({ current: 'x'.repeat(32) }).current.kid).toMatch(/^[\w-]{16}$/);
  });
});

describe('SigningKeyRing', () => {
  const sourceOf = (initial: SigningSeeds): SigningSeedSource & { seeds: SigningSeeds; loads: number } => {
    const source = {
      seeds: initial,
      loads: 0,
      load: async () => {
        source.loads += 1;
        return source.seeds;
      },
    };
    return source;
  };

  it('asks the source every time but derives again only when the seeds change', async () => {
    const source = sourceOf({ current: SEED_A });
    const ring = new SigningKeyRing(source);

    const first = await ring.get();
    const again = await ring.get();
    source.seeds = { current: SEED_B, previous: SEED_A };
    const rotated = await ring.get();

    expect(source.loads).toBe(3);
    expect(again).toBe(first);
    expect(rotated).not.toBe(first);
    expect([...rotated.verificationKeys.keys()]).toEqual([deriveSigningKeySet({ current: SEED_B }).current.kid, first.current.kid]);
  });
});
