import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalDataKeyProvider, localKeyFingerprint } from '../../../../shared/adapters/crypto/index.js';
import { DecryptionError, KeyMaterialError } from '../../../../shared/auth/crypto/index.js';

const MASTER = Buffer.alloc(32, 0x11);

function flipBit(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] ?? 0) ^ 1;
  return copy;
}

describe('LocalDataKeyProvider', () => {
  it('names its master key local:<fingerprint>, the same for the same key', () => {
    const provider = new LocalDataKeyProvider(MASTER);

    expect(provider.keyId).toBe(`local:${localKeyFingerprint(MASTER)}`);
    expect(provider.keyId).toMatch(/^local:[\w-]{16}$/);
    expect(new LocalDataKeyProvider(Buffer.from(MASTER)).keyId).toBe(provider.keyId);
    expect(new LocalDataKeyProvider(randomBytes(32)).keyId).not.toBe(provider.keyId);
  });

  it('generates a 32-byte data key and unwraps its wrapped form back to it', async () => {
    const provider = new LocalDataKeyProvider(MASTER);

    const { keyId, plaintext, wrapped } = await provider.generate();

    expect(plaintext).toHaveLength(32);
    expect(wrapped).toMatch(/^[\w-]+$/);
    expect(Buffer.from(wrapped, 'base64url').includes(plaintext)).toBe(false);
    expect(await provider.unwrap(keyId, wrapped)).toEqual(plaintext);
  });

  it('gives a fresh key each time', async () => {
    const provider = new LocalDataKeyProvider(MASTER);

    const [first, second] = await Promise.all([provider.generate(), provider.generate()]);

    expect(first.plaintext).not.toEqual(second.plaintext);
    expect(first.wrapped).not.toBe(second.wrapped);
  });

  it('a restarted provider with the same master key unwraps old data keys', async () => {
    const { keyId, plaintext, wrapped } = await new LocalDataKeyProvider(MASTER).generate();

    expect(await new LocalDataKeyProvider(Buffer.from(MASTER)).unwrap(keyId, wrapped)).toEqual(plaintext);
  });

  it('refuses a data key of another master key', async () => {
    const foreign = await new LocalDataKeyProvider(randomBytes(32)).generate();

    await expect(new LocalDataKeyProvider(MASTER).unwrap(foreign.keyId, foreign.wrapped)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses another master key even when the key id is relabelled', async () => {
    const provider = new LocalDataKeyProvider(MASTER);
    const foreign = await new LocalDataKeyProvider(randomBytes(32)).generate();

    await expect(provider.unwrap(provider.keyId, foreign.wrapped)).rejects.toBeInstanceOf(DecryptionError);
  });

  it.each([
    ['one flipped bit', (bytes: Buffer) => flipBit(bytes, 20)],
    ['a truncated blob', (bytes: Buffer) => bytes.subarray(0, 40)],
    ['an extended blob', (bytes: Buffer) => Buffer.concat([bytes, Buffer.alloc(1)])],
  ])('refuses a wrapped key with %s', async (_label, tamper) => {
    const provider = new LocalDataKeyProvider(MASTER);
    const { keyId, wrapped } = await provider.generate();

    const tampered = tamper(Buffer.from(wrapped, 'base64url')).toString('base64url');

    await expect(provider.unwrap(keyId, tampered)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(() => new LocalDataKeyProvider(Buffer.alloc(16))).toThrow(KeyMaterialError);
  });
});
