import { createHash, randomBytes } from 'node:crypto';
import { AES_GCM, aesGcmOpen, aesGcmSeal, DecryptionError, KeyMaterialError, type DataKeyProvider } from '../../auth/crypto/index.js';

// Binds a wrapped data key to its purpose: the master key's GCM output for anything else will not unwrap here.
const WRAP_AAD = Buffer.from('fundcast:data-key:v1', 'utf8');
const WRAPPED_LENGTH = AES_GCM.ivLength + AES_GCM.keyLength + AES_GCM.tagLength;

/** A public name for a master key: SHA-256 of it, first 12 bytes, base64url. Reveals nothing usable about the key. */
export function localKeyFingerprint(masterKey: Buffer): string {
  return createHash('sha256').update('fundcast:kek-fingerprint:').update(masterKey).digest().subarray(0, 12).toString('base64url');
}

/**
 * {@link DataKeyProvider} for a single machine: data keys are wrapped with AES-256-GCM under a
 * 32-byte master key read from the local key file (`pii-master.key`). What KMS is in the cloud.
 * Wrapped form: base64url of iv ‖ encrypted key ‖ tag. Key id: `local:<fingerprint>`.
 */
export class LocalDataKeyProvider implements DataKeyProvider {
  /** `local:<fingerprint>` of the master key. */
  readonly keyId: string;
  private readonly masterKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== AES_GCM.keyLength) throw new KeyMaterialError(`The local master key must be ${AES_GCM.keyLength} bytes`);
    this.masterKey = Buffer.from(masterKey);
    this.keyId = `local:${localKeyFingerprint(this.masterKey)}`;
  }

  async generate(): Promise<{ keyId: string; plaintext: Buffer; wrapped: string }> {
    const plaintext = randomBytes(AES_GCM.keyLength);
    const { iv, ciphertext, tag } = aesGcmSeal(this.masterKey, plaintext, WRAP_AAD);
    return { keyId: this.keyId, plaintext, wrapped: Buffer.concat([iv, ciphertext, tag]).toString('base64url') };
  }

  async unwrap(keyId: string, wrapped: string): Promise<Buffer> {
    // Another master key's data key (another machine, a restored backup) is refused by name before trying.
    if (keyId !== this.keyId) throw new DecryptionError();
    const bytes = Buffer.from(wrapped, 'base64url');
    if (bytes.length !== WRAPPED_LENGTH) throw new DecryptionError();
    const iv = bytes.subarray(0, AES_GCM.ivLength);
    const ciphertext = bytes.subarray(AES_GCM.ivLength, AES_GCM.ivLength + AES_GCM.keyLength);
    const tag = bytes.subarray(AES_GCM.ivLength + AES_GCM.keyLength);
    return aesGcmOpen(this.masterKey, { iv, ciphertext, tag }, WRAP_AAD);
  }
}
