/**
 * Base of every failure of the identity module's cryptography. `code` is stable and safe to show;
 * `message` never carries key material, token contents or plaintext.
 */
export class AuthCryptoError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuthCryptoError';
    this.code = code;
  }
}

/** Why an access token was refused; for logs and metrics, never for the HTTP response. */
export const InvalidTokenReason = {
  malformed: 'malformed',
  alg: 'alg',
  kid: 'kid',
  signature: 'signature',
  expired: 'expired',
  notYetValid: 'not_yet_valid',
  claims: 'claims',
} as const;
export type InvalidTokenReason = (typeof InvalidTokenReason)[keyof typeof InvalidTokenReason];

/** An access token that must not be trusted. One class so callers answer 401 the same way for every reason. */
export class InvalidTokenError extends AuthCryptoError {
  readonly reason: InvalidTokenReason;
  constructor(reason: InvalidTokenReason, options?: ErrorOptions) {
    super('INVALID_TOKEN', 'The access token is not valid', options);
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

/**
 * A ciphertext that is tampered with, bound to another context, or wrapped by a key we do not hold.
 * Deliberately carries no cause: which check failed is itself a hint to an attacker.
 */
export class DecryptionError extends AuthCryptoError {
  constructor() {
    super('DECRYPTION_FAILED', 'The value could not be decrypted');
    this.name = 'DecryptionError';
  }
}

/** Key material that is missing, too short or corrupt (a seed, a key file, a secret's JSON). */
export class KeyMaterialError extends AuthCryptoError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_KEY_MATERIAL', message, options);
    this.name = 'KeyMaterialError';
  }
}

/** The key service (KMS, Secrets Manager) cannot be reached right now; callers answer 503. */
export class KeyUnavailableError extends AuthCryptoError {
  constructor(message: string, options?: ErrorOptions) {
    super('KEY_UNAVAILABLE', message, options);
    this.name = 'KeyUnavailableError';
  }
}

/** A stored password hash that cannot be read or asks for parameters outside the safe bounds. */
export class MalformedPasswordHashError extends AuthCryptoError {
  constructor(message: string) {
    super('MALFORMED_PASSWORD_HASH', message);
    this.name = 'MalformedPasswordHashError';
  }
}

/** A programming error: a call the module refuses to make (a token TTL over the limit, an empty context…). */
export class CryptoUsageError extends AuthCryptoError {
  constructor(message: string) {
    super('INVALID_CRYPTO_REQUEST', message);
    this.name = 'CryptoUsageError';
  }
}
