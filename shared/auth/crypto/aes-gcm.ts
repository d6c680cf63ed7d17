import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError, KeyMaterialError } from './errors.js';

/** AES-256-GCM with the sizes NIST SP 800-38D recommends: 96-bit random IV, full 128-bit tag. */
export const AES_GCM = { keyLength: 32, ivLength: 12, tagLength: 16 } as const;

/** One AES-GCM encryption's output. */
export interface SealedBox {
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function checkKey(key: Buffer): void {
  if (key.length !== AES_GCM.keyLength) throw new KeyMaterialError(`An AES-256 key must be ${AES_GCM.keyLength} bytes`);
}

/** Encrypts `plaintext` under `key`, binding `aad` (which must be presented again to open). */
export function aesGcmSeal(key: Buffer, plaintext: Buffer, aad: Buffer): SealedBox {
  checkKey(key);
  const iv = randomBytes(AES_GCM.ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: AES_GCM.tagLength });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Decrypts and authenticates; any mismatch (key, IV, ciphertext, tag, aad) is a {@link DecryptionError}. */
export function aesGcmOpen(key: Buffer, box: SealedBox, aad: Buffer): Buffer {
  checkKey(key);
  // Length checks first: node accepts short tags unless told otherwise, which would weaken the MAC.
  if (box.iv.length !== AES_GCM.ivLength || box.tag.length !== AES_GCM.tagLength) throw new DecryptionError();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, box.iv, { authTagLength: AES_GCM.tagLength });
    decipher.setAAD(aad);
    decipher.setAuthTag(box.tag);
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}
