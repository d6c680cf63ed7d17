import { createHmac } from 'node:crypto';
import { KeyMaterialError } from './errors.js';

/** Port: the blind-index key (a local key file, Secrets Manager). At least 32 bytes. */
export interface BlindIndexKeySource {
  load(): Promise<Buffer>;
}

/** Shorter keys are refused: the index is only as unguessable as its key. */
export const MIN_BLIND_INDEX_KEY_BYTES = 32;

/** How an email is compared: surrounding spaces and case never make a second account. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Deterministic, keyed fingerprints of encrypted values, so "find the user with this email" is an
 * exact-match lookup without storing the email in clear. HMAC-SHA256 under a key used for nothing
 * else; each kind of value gets its own label in the MAC input so an email's index never equals
 * another field's index of the same text.
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length < MIN_BLIND_INDEX_KEY_BYTES) {
      throw new KeyMaterialError(`A blind-index key must be at least ${MIN_BLIND_INDEX_KEY_BYTES} bytes`);
    }
    this.key = Buffer.from(key);
  }

  /** Loads the key once (it never changes: a new key would orphan every stored index). */
  static async fromSource(source: BlindIndexKeySource): Promise<BlindIndex> {
    return new BlindIndex(await source.load());
  }

  /** The index of an email address, after {@link normaliseEmail}; base64url. */
  email(email: string): string {
    return this.compute('email', normaliseEmail(email));
  }

  /** The index of an already-normalised value under `label` (a field name such as "email"); base64url. */
  compute(label: string, normalisedValue: string): string {
    return createHmac('sha256', this.key).update(`${label}\u0000${normalisedValue}`, 'utf8').digest('base64url');
  }
}
