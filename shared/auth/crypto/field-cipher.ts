import { AES_GCM, aesGcmOpen, aesGcmSeal } from './aes-gcm.js';
import { CryptoUsageError, DecryptionError, KeyMaterialError, KeyUnavailableError } from './errors.js';

/**
 * Port: encrypts one PII field at rest. `context` names where the value belongs (for example
 * `user:email:<userId>`) and is authenticated with it, so a ciphertext copied to another field or
 * another user does not decrypt.
 */
export interface FieldCipher {
  encrypt(plaintext: string, context: string): Promise<string>;
  decrypt(ciphertext: string, context: string): Promise<string>;
}

/**
 * Port: issues and unwraps data keys under a key-encryption key (KMS in the cloud, a local master
 * key on one machine). `wrapped` is base64url text. `unwrap` throws {@link DecryptionError} for a
 * key it refuses and {@link KeyUnavailableError} when the key service cannot be reached.
 */
export interface DataKeyProvider {
  generate(): Promise<{ keyId: string; plaintext: Buffer; wrapped: string }>;
  unwrap(keyId: string, wrapped: string): Promise<Buffer>;
}

/** Limits on data-key reuse and on the unwrapped-key cache. */
export interface EnvelopeFieldCipherOptions {
  /** Encryptions per data key before a new one is generated. Default 10 000 (far below GCM's 2^32 random-IV limit). */
  readonly maxEncryptionsPerKey?: number;
  /** Age after which a new data key is generated. Default 15 minutes. */
  readonly maxKeyAgeMs?: number;
  /** Unwrapped data keys kept in memory, least recently used evicted. Default 100. */
  readonly unwrappedKeyCacheSize?: number;
  /** Epoch milliseconds; tests pass their own. */
  readonly now?: () => number;
}

/** Version tag of the stored format; a new format gets a new tag and both are read. */
export const FIELD_CIPHER_VERSION = 'v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;

interface ActiveDataKey {
  readonly keyId: string;
  readonly wrapped: string;
  readonly plaintext: Buffer;
  readonly createdAt: number;
  uses: number;
}

const b64u = (bytes: Buffer): string => bytes.toString('base64url');
// The version is authenticated too, so a v1 body cannot be replayed under a future format's rules.
const aadFor = (context: string): Buffer => Buffer.from(`${FIELD_CIPHER_VERSION}\u0000${context}`, 'utf8');

function requireContext(context: string): void {
  if (typeof context !== 'string' || context.length === 0) throw new CryptoUsageError('A field cipher context must be a non-empty string');
}

/**
 * {@link FieldCipher} by envelope encryption: each value is sealed with AES-256-GCM under a data
 * key, and the data key travels wrapped beside it, so a KMS call is needed once per data key, not
 * per value. Output: `v1.<keyId>.<wrapped>.<iv>.<ciphertext>.<tag>`, every part base64url.
 */
export class EnvelopeFieldCipher implements FieldCipher {
  private readonly maxUses: number;
  private readonly maxAgeMs: number;
  private readonly cacheSize: number;
  private readonly now: () => number;
  private active: ActiveDataKey | undefined;
  private generating: Promise<void> | undefined;
  /** Insertion order is recency order: a hit is deleted and set again, the first entry is the eldest. */
  private readonly unwrapped = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly provider: DataKeyProvider,
    options: EnvelopeFieldCipherOptions = {},
  ) {
    this.maxUses = options.maxEncryptionsPerKey ?? 10_000;
    this.maxAgeMs = options.maxKeyAgeMs ?? 15 * 60_000;
    this.cacheSize = options.unwrappedKeyCacheSize ?? 100;
    this.now = options.now ?? Date.now;
    if (!(this.maxUses >= 1 && this.maxAgeMs > 0 && this.cacheSize >= 1)) {
      throw new CryptoUsageError('EnvelopeFieldCipher limits must be positive');
    }
  }

  /** Encrypts `plaintext` (UTF-8) bound to `context`. */
  async encrypt(plaintext: string, context: string): Promise<string> {
    requireContext(context);
    const key = await this.reserveDataKey();
    const box = aesGcmSeal(key.plaintext, Buffer.from(plaintext, 'utf8'), aadFor(context));
    const keyId = b64u(Buffer.from(key.keyId, 'utf8'));
    return [FIELD_CIPHER_VERSION, keyId, key.wrapped, b64u(box.iv), b64u(box.ciphertext), b64u(box.tag)].join('.');
  }

  /** Decrypts a value made by {@link encrypt} with the same `context`; anything else is a {@link DecryptionError}. */
  async decrypt(ciphertext: string, context: string): Promise<string> {
    requireContext(context);
    const parts = typeof ciphertext === 'string' ? ciphertext.split('.') : [];
    const [version, keyIdPart, wrapped, iv, body, tag] = parts;
    if (parts.length !== 6 || version !== FIELD_CIPHER_VERSION || !parts.every((part) => BASE64URL.test(part))) throw new DecryptionError();
    if (!keyIdPart || !wrapped || iv === undefined || body === undefined || tag === undefined) throw new DecryptionError();
    const key = await this.unwrap(Buffer.from(keyIdPart, 'base64url').toString('utf8'), wrapped);
    const box = { iv: Buffer.from(iv, 'base64url'), ciphertext: Buffer.from(body, 'base64url'), tag: Buffer.from(tag, 'base64url') };
    return aesGcmOpen(key, box, aadFor(context)).toString('utf8');
  }

  /** The active data key with one use counted, generating a new one when it is spent or old. */
  private async reserveDataKey(): Promise<ActiveDataKey> {
    for (;;) {
      const active = this.active;
      if (active && active.uses < this.maxUses && this.now() - active.createdAt < this.maxAgeMs) {
        active.uses += 1;
        return active;
      }
      // One generate call however many encryptions wait for it; they re-check the limits after.
      this.generating ??= this.generateDataKey().finally(() => {
        this.generating = undefined;
      });
      await this.generating;
    }
  }

  private async generateDataKey(): Promise<void> {
    const { keyId, plaintext, wrapped } = await this.provider.generate();
    if (plaintext.length !== AES_GCM.keyLength || !BASE64URL.test(wrapped) || wrapped.length === 0) {
      throw new KeyMaterialError('The data key provider returned a key of the wrong size or a wrapped key that is not base64url');
    }
    this.active = { keyId, wrapped, plaintext, createdAt: this.now(), uses: 0 };
    // Our own ciphertexts are read back soon after; no need to ask the provider for a key we hold.
    this.remember(`${keyId}\u0000${wrapped}`, Promise.resolve(plaintext));
  }

  private unwrap(keyId: string, wrapped: string): Promise<Buffer> {
    const cacheKey = `${keyId}\u0000${wrapped}`;
    const cached = this.unwrapped.get(cacheKey);
    if (cached) {
      this.unwrapped.delete(cacheKey);
      this.unwrapped.set(cacheKey, cached);
      return cached;
    }
    const pending = this.askProvider(keyId, wrapped);
    this.remember(cacheKey, pending);
    // A failure is not remembered: the next read asks again (the key service may be back).
    pending.catch(() => {
      if (this.unwrapped.get(cacheKey) === pending) this.unwrapped.delete(cacheKey);
    });
    return pending;
  }

  private async askProvider(keyId: string, wrapped: string): Promise<Buffer> {
    let key: Buffer;
    try {
      key = await this.provider.unwrap(keyId, wrapped);
    } catch (error) {
      // An unreachable key service is an outage (503), not a bad ciphertext; everything else says nothing.
      if (error instanceof KeyUnavailableError) throw error;
      throw new DecryptionError();
    }
    if (key.length !== AES_GCM.keyLength) throw new DecryptionError();
    return key;
  }

  private remember(cacheKey: string, key: Promise<Buffer>): void {
    this.unwrapped.delete(cacheKey);
    this.unwrapped.set(cacheKey, key);
    while (this.unwrapped.size > this.cacheSize) {
      const eldest = this.unwrapped.keys().next().value;
      if (eldest === undefined) break;
      this.unwrapped.delete(eldest);
    }
  }
}
