import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalDataKeyProvider } from '../../../../shared/adapters/crypto/index.js';
import {
  CryptoUsageError,
  DecryptionError,
  EnvelopeFieldCipher,
  KeyMaterialError,
  KeyUnavailableError,
  type DataKeyProvider,
} from '../../../../shared/auth/crypto/index.js';

const MASTER = randomBytes(32);
const EMAIL = 'alice@example.com';
const CONTEXT = 'user:email:user_alice';

/** The real local provider, with its calls counted (a spy, not a fake: every key really is wrapped and unwrapped). */
function counted(inner: DataKeyProvider = new LocalDataKeyProvider(MASTER)) {
  const calls = { generate: 0, unwrap: 0 };
  const provider: DataKeyProvider = {
    generate: () => {
      calls.generate += 1;
      return inner.generate();
    },
    unwrap: (keyId, wrapped) => {
      calls.unwrap += 1;
      return inner.unwrap(keyId, wrapped);
    },
  };
  return { provider, calls };
}

const parts = (ciphertext: string): string[] => ciphertext.split('.');
const replacePart = (ciphertext: string, index: number, value: string): string =>
  parts(ciphertext)
    .map((part, at) => (at === index ? value : part))
    .join('.');
const flipFirstBit = (part: string): string => {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64url');
};

describe('EnvelopeFieldCipher: round trip and format', () => {
  it.each([
    ['an email', EMAIL],
    ['non-ASCII text', 'Zoë Ñúñez 日本 🙂'],
    ['an empty string', ''],
  ])('decrypts what it encrypted: %s', async (_label, plaintext) => {
    const cipher = new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER));

    expect(await cipher.decrypt(await cipher.encrypt(plaintext, CONTEXT), CONTEXT)).toBe(plaintext);
  });

  it('writes v1.<keyId>.<wrapped>.<iv>.<ciphertext>.<tag>, base64url, with the key id recoverable', async () => {
    const provider = new LocalDataKeyProvider(MASTER);

    const stored = await new EnvelopeFieldCipher(provider).encrypt(EMAIL, CONTEXT);
    const [version, keyId, wrapped, iv, body, tag] = parts(stored);

    expect(parts(stored)).toHaveLength(6);
    expect(version).toBe('v1');
    expect(Buffer.from(keyId ?? '', 'base64url').toString('utf8')).toBe(provider.keyId);
    for (const part of [keyId, wrapped, iv, body, tag]) expect(part).toMatch(/^[\w-]+$/);
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(body ?? '', 'base64url')).toHaveLength(Buffer.byteLength(EMAIL));
    expect(stored).not.toContain('alice');
  });

  it('uses a fresh IV each time: the same value never encrypts the same way', async () => {
    const cipher = new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER));

    const [first, second] = await Promise.all([cipher.encrypt(EMAIL, CONTEXT), cipher.encrypt(EMAIL, CONTEXT)]);

    expect(parts(first)[3]).not.toBe(parts(second)[3]);
    expect(parts(first)[4]).not.toBe(parts(second)[4]);
  });

  it('is read by another container holding the same master key', async () => {
    const stored = await new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER)).encrypt(EMAIL, CONTEXT);

    expect(await new EnvelopeFieldCipher(new LocalDataKeyProvider(Buffer.from(MASTER))).decrypt(stored, CONTEXT)).toBe(EMAIL);
  });

  it('refuses an empty context', async () => {
    await expect(new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER)).encrypt(EMAIL, '')).rejects.toBeInstanceOf(CryptoUsageError);
  });
});

describe('EnvelopeFieldCipher: tampered and foreign ciphertexts', () => {
  const cipher = new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER));

  it.each([
    ['another field', 'user:phone:user_alice'],
    ['another user', 'user:email:user_mallory'],
  ])('refuses a ciphertext copied to %s', async (_label, otherContext) => {
    const stored = await cipher.encrypt(EMAIL, CONTEXT);

    await expect(cipher.decrypt(stored, otherContext)).rejects.toBeInstanceOf(DecryptionError);
  });

  it.each([
    ['the key id', 1],
    ['the wrapped key', 2],
    ['the IV', 3],
    ['the ciphertext', 4],
    ['the tag', 5],
  ])('refuses one flipped bit in %s', async (_label, index) => {
    const stored = await cipher.encrypt(EMAIL, CONTEXT);

    await expect(cipher.decrypt(replacePart(stored, index, flipFirstBit(parts(stored)[index] ?? '')), CONTEXT)).rejects.toBeInstanceOf(DecryptionError);
  });

  it.each([
    ['another version', (stored: string) => replacePart(stored, 0, 'v2')],
    ['a missing part', (stored: string) => parts(stored).slice(0, 5).join('.')],
    ['an extra part', (stored: string) => `${stored}.AA`],
    ['a short tag', (stored: string) => replacePart(stored, 5, (parts(stored)[5] ?? '').slice(0, 8))],
    ['a character outside base64url', (stored: string) => replacePart(stored, 4, '+/+/')],
    ['an empty key id', (stored: string) => replacePart(stored, 1, '')],
    ['no ciphertext at all', () => 'alice@example.com'],
  ])('refuses %s', async (_label, damage) => {
    const stored = await cipher.encrypt(EMAIL, CONTEXT);

    await expect(cipher.decrypt(damage(stored), CONTEXT)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses a ciphertext made under another master key', async () => {
    const foreign = await new EnvelopeFieldCipher(new LocalDataKeyProvider(randomBytes(32))).encrypt(EMAIL, CONTEXT);

    await expect(cipher.decrypt(foreign, CONTEXT)).rejects.toBeInstanceOf(DecryptionError);
  });

  it('gives no detail: same message, no cause', async () => {
    const error = await cipher.decrypt(`${await cipher.encrypt(EMAIL, CONTEXT)}x`, CONTEXT).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DecryptionError);
    expect((error as Error).message).toBe('The value could not be decrypted');
    expect((error as Error).cause).toBeUndefined();
  });
});

describe('EnvelopeFieldCipher: data keys', () => {
  it('reuses one data key for up to N encryptions, then generates another', async () => {
    const { provider, calls } = counted();
    const cipher = new EnvelopeFieldCipher(provider, { maxEncryptionsPerKey: 3 });

    const stored: string[] = [];
    for (let n = 0; n < 7; n += 1) stored.push(await cipher.encrypt(`value ${n}`, CONTEXT));
    const wrappedKeys = stored.map((value) => parts(value)[2]);

    expect(calls.generate).toBe(3);
    expect(new Set(wrappedKeys.slice(0, 3)).size).toBe(1);
    expect(new Set(wrappedKeys).size).toBe(3);
  });

  it('generates a new data key once the current one is older than T', async () => {
    const { provider, calls } = counted();
    let now = 1_000_000;
    const cipher = new EnvelopeFieldCipher(provider, { maxKeyAgeMs: 60_000, now: () => now });

    await cipher.encrypt(EMAIL, CONTEXT);
    now += 59_999;
    await cipher.encrypt(EMAIL, CONTEXT);
    now += 1;
    await cipher.encrypt(EMAIL, CONTEXT);

    expect(calls.generate).toBe(2);
  });

  it('asks for one data key however many encryptions arrive at once', async () => {
    const { provider, calls } = counted();
    const cipher = new EnvelopeFieldCipher(provider);

    await Promise.all(Array.from({ length: 25 }, (_, n) => cipher.encrypt(`value ${n}`, CONTEXT)));

    expect(calls.generate).toBe(1);
  });

  it('decrypts its own values without unwrapping', async () => {
    const { provider, calls } = counted();
    const cipher = new EnvelopeFieldCipher(provider);

    await cipher.decrypt(await cipher.encrypt(EMAIL, CONTEXT), CONTEXT);

    expect(calls.unwrap).toBe(0);
  });

  it('unwraps a data key once, then serves it from the cache', async () => {
    const writer = new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER));
    const stored = await Promise.all(Array.from({ length: 10 }, (_, n) => writer.encrypt(`value ${n}`, CONTEXT)));
    const { provider, calls } = counted();
    const reader = new EnvelopeFieldCipher(provider);

    const plaintexts = await Promise.all(stored.map((value) => reader.decrypt(value, CONTEXT)));

    expect(plaintexts[9]).toBe('value 9');
    expect(calls.unwrap).toBe(1);
  });

  it('bounds the cache, evicting the least recently used key', async () => {
    const writer = new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER), { maxEncryptionsPerKey: 1 });
    const [a, b, c] = [await writer.encrypt('a', CONTEXT), await writer.encrypt('b', CONTEXT), await writer.encrypt('c', CONTEXT)];
    const { provider, calls } = counted();
    const reader = new EnvelopeFieldCipher(provider, { unwrappedKeyCacheSize: 2 });

    for (const value of [a, b, a, c]) await reader.decrypt(value ?? '', CONTEXT); // a, b, c unwrapped; b evicted (a was used after it)
    const afterFill = calls.unwrap;
    await reader.decrypt(a ?? '', CONTEXT);
    await reader.decrypt(b ?? '', CONTEXT);

    expect(afterFill).toBe(3);
    expect(calls.unwrap).toBe(4);
  });
});

describe('EnvelopeFieldCipher: faults (fault-injecting providers: a key service down, a broken provider)', () => {
  it('passes an unreachable key service on as KeyUnavailableError, and asks again next time', async () => {
    const writer = new EnvelopeFieldCipher(new LocalDataKeyProvider(MASTER));
    const stored = await writer.encrypt(EMAIL, CONTEXT);
    const real = new LocalDataKeyProvider(MASTER);
    let down = true;
    const flaky: DataKeyProvider = {
      generate: () => real.generate(),
      unwrap: async (keyId, wrapped) => {
        if (down) throw new KeyUnavailableError('KMS is down');
        return real.unwrap(keyId, wrapped);
      },
    };
    const reader = new EnvelopeFieldCipher(flaky);

    await expect(reader.decrypt(stored, CONTEXT)).rejects.toBeInstanceOf(KeyUnavailableError);
    down = false;

    expect(await reader.decrypt(stored, CONTEXT)).toBe(EMAIL);
  });

  it('fails the encryption when no data key can be generated', async () => {
    const down: DataKeyProvider = {
      generate: async () => {
        throw new KeyUnavailableError('KMS is down');
      },
      unwrap: async () => Buffer.alloc(32),
    };

    await expect(new EnvelopeFieldCipher(down).encrypt(EMAIL, CONTEXT)).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('refuses a provider that returns a data key of the wrong size', async () => {
    const broken: DataKeyProvider = {
      generate: async () => ({ keyId: 'k', plaintext: Buffer.alloc(16), wrapped: 'AAAA' }),
      unwrap: async () => Buffer.alloc(16),
    };

    await expect(new EnvelopeFieldCipher(broken).encrypt(EMAIL, CONTEXT)).rejects.toBeInstanceOf(KeyMaterialError);
  });
});
