/** Data-key providers for `EnvelopeFieldCipher`: a local master key, or AWS KMS. */
export { KmsDataKeyProvider, PII_ENCRYPTION_CONTEXT, type KmsDataKeyOptions } from './kms-data-keys.js';
export { LocalDataKeyProvider, localKeyFingerprint } from './local-data-keys.js';
