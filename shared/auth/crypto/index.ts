/**
 * The identity module's cryptography: pure node:crypto, jose and otpauth. It owns the ports
 * (seed, key and data-key sources); `shared/adapters/crypto` and `shared/adapters/secrets`
 * implement them.
 */
export { AES_GCM, aesGcmOpen, aesGcmSeal, type SealedBox } from './aes-gcm.js';
export { BlindIndex, MIN_BLIND_INDEX_KEY_BYTES, normaliseEmail, type BlindIndexKeySource } from './blind-index.js';
export { COMMON_PASSWORDS } from './common-passwords.js';
export {
  AuthCryptoError,
  CryptoUsageError,
  DecryptionError,
  InvalidTokenError,
  InvalidTokenReason,
  KeyMaterialError,
  KeyUnavailableError,
  MalformedPasswordHashError,
} from './errors.js';
export {
  EnvelopeFieldCipher,
  FIELD_CIPHER_VERSION,
  type DataKeyProvider,
  type EnvelopeFieldCipherOptions,
  type FieldCipher,
} from './field-cipher.js';
export { checkPasswordPolicy, isCommonPassword, PASSWORD_LENGTH, PasswordPolicyCode, type PolicyViolation } from './password-policy.js';
export { dummyVerify, hashPassword, needsRehash, normalisePassword, SCRYPT_PARAMETERS, verifyPassword, type PasswordHash } from './passwords.js';
export {
  deriveSigningKeySet,
  MIN_SEED_LENGTH,
  SigningKeyRing,
  type Ed25519Jwk,
  type SigningKey,
  type SigningKeySet,
  type SigningSeeds,
  type SigningSeedSource,
} from './signing-keys.js';
export {
  ACCESS_TOKEN_ALG,
  ACCESS_TOKEN_TYPE,
  issueAccessToken,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
  verifyAccessToken,
  type AccessTokenRequest,
  type IssuedAccessToken,
  type IssueOptions,
  type VerifiedAccessToken,
  type VerifyOptions,
} from './tokens.js';
export { createTotpSecret, otpauthUrl, TOTP_SETTINGS, verifyTotp, type OtpauthUrlInput, type VerifyTotpOptions } from './totp.js';
