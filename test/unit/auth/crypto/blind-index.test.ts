import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlindIndex, KeyMaterialError, normaliseEmail } from '../../../../shared/auth/crypto/index.js';

const KEY = Buffer.alloc(32, 0x42);

describe('BlindIndex', () => {
  it('is HMAC-SHA256 under the key over the labelled, normalised email, base64url', () => {
    const expected = createHmac('sha256', KEY).update('email\u0000alice@example.com').digest('base64url');

    expect(new BlindIndex(KEY).email('alice@example.com')).toBe(expected);
  });

  it('finds the same account whatever the case and surrounding spaces', () => {
    const index = new BlindIndex(KEY);

    expect(index.email('  Alice@Example.COM \n')).toBe(index.email('alice@example.com'));
    expect(normaliseEmail('  Alice@Example.COM ')).toBe('alice@example.com');
  });

  it('tells different emails apart', () => {
    const index = new BlindIndex(KEY);

    expect(index.email('alice@example.com')).not.toBe(index.email('alice@example.org'));
  });

  it('depends on the key: without it the index cannot be recomputed from a guessed email', () => {
    expect(new BlindIndex(randomBytes(32)).email('alice@example.com')).not.toBe(new BlindIndex(KEY).email('alice@example.com'));
  });

  it('gives each label its own index of the same text', () => {
    const index = new BlindIndex(KEY);

    expect(index.compute('email', 'alice@example.com')).toBe(index.email('alice@example.com'));
    expect(index.compute('phone', 'alice@example.com')).not.toBe(index.email('alice@example.com'));
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new BlindIndex(Buffer.alloc(31))).toThrow(KeyMaterialError);
  });

  it('keeps its own copy of the key', () => {
    const key = Buffer.from(KEY);
    const index = new BlindIndex(key);
    const before = index.email('alice@example.com');

    key.fill(0);

    expect(index.email('alice@example.com')).toBe(before);
  });

  it('loads its key from a BlindIndexKeySource', async () => {
    const index = await BlindIndex.fromSource({ load: async () => Buffer.from(KEY) });

    expect(index.email('alice@example.com')).toBe(new BlindIndex(KEY).email('alice@example.com'));
  });
});
