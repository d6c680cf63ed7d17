import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { CryptoUsageError, InvalidTokenError, InvalidTokenReason } from './errors.js';
import type { SigningKeySet } from './signing-keys.js';

/** Access tokens live at most this long: they cannot be revoked, so their lifetime is the exposure. */
export const MAX_ACCESS_TOKEN_TTL_SECONDS = 900;
/** RFC 9068 media type, so an ID token or any other JWT signed by the same key is not accepted as an access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
/** The only algorithm accepted: pinned, never read from the token. */
export const ACCESS_TOKEN_ALG = 'EdDSA';
/** Longer strings are not tokens we issued; refuse before parsing. */
const MAX_TOKEN_LENGTH = 8 * 1024;

/** What a token says about its bearer. */
export interface AccessTokenRequest {
  readonly subject: string;
  readonly roles: readonly string[];
  readonly ttlSeconds: number;
}

/** Who issues and who accepts; `now` returns epoch milliseconds (tests pass a fixed clock). */
export interface IssueOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly now: () => number;
}

/** A signed access token and its lifetime. */
export interface IssuedAccessToken {
  readonly token: string;
  /** Seconds until expiry, as OAuth's `expires_in`. */
  readonly expiresIn: number;
}

/** What a token must say to be accepted; `now` returns epoch milliseconds. */
export interface VerifyOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Allowed clock skew between containers, applied to exp and nbf. Default 30 s. */
  readonly clockToleranceSeconds?: number;
  readonly now: () => number;
}

/** Who a verified token speaks for. */
export interface VerifiedAccessToken {
  readonly subject: string;
  readonly roles: string[];
  readonly jti: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Signs a short-lived EdDSA access token with the current key. */
export async function issueAccessToken(request: AccessTokenRequest, keys: SigningKeySet, options: IssueOptions): Promise<IssuedAccessToken> {
  const { subject, roles, ttlSeconds } = request;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new CryptoUsageError(`Access token TTL must be a whole number of seconds in 1..${MAX_ACCESS_TOKEN_TTL_SECONDS}`);
  }
  if (typeof subject !== 'string' || subject.length === 0) throw new CryptoUsageError('Access token subject must be a non-empty string');
  if (!isStringArray(roles)) throw new CryptoUsageError('Access token roles must be an array of strings');
  const issuedAt = Math.floor(options.now() / 1000);
  const token = await new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: keys.current.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(subject)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .sign(keys.current.privateKey);
  return { token, expiresIn: ttlSeconds };
}

/** Translates jose's failure into our one reason code; anything unrecognised is a malformed token. */
function reasonOf(error: unknown): InvalidTokenReason {
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return InvalidTokenReason.alg;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return InvalidTokenReason.signature;
  if (error instanceof joseErrors.JWTExpired) return InvalidTokenReason.expired;
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return error.claim === 'nbf' && error.reason === 'check_failed' ? InvalidTokenReason.notYetValid : InvalidTokenReason.claims;
  }
  return InvalidTokenReason.malformed;
}

/**
 * Verifies an access token and returns who it speaks for, or throws {@link InvalidTokenError}.
 * The algorithm is pinned to EdDSA (so `alg: none` and an HS256 token signed with a guessed secret
 * fail before any key is used), the key is chosen by kid among the live keys only, and typ, iss,
 * aud, exp and nbf are all checked.
 */
export async function verifyAccessToken(token: string, keys: SigningKeySet, options: VerifyOptions): Promise<VerifiedAccessToken> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidTokenError(InvalidTokenReason.malformed);
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw new InvalidTokenError(InvalidTokenReason.malformed, { cause: error });
  }
  // Checked here as well as by jose so the reason is exact and no key lookup happens for a foreign alg.
  if (header.alg !== ACCESS_TOKEN_ALG) throw new InvalidTokenError(InvalidTokenReason.alg);
  const key = typeof header.kid === 'string' ? keys.verificationKeys.get(header.kid) : undefined;
  if (!key) throw new InvalidTokenError(InvalidTokenReason.kid);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: options.issuer,
      audience: options.audience,
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: options.clockToleranceSeconds ?? 30,
      currentDate: new Date(options.now()),
      requiredClaims: ['sub', 'jti', 'iat', 'nbf', 'exp'],
    }));
  } catch (error) {
    throw new InvalidTokenError(reasonOf(error), { cause: error });
  }
  const { sub, jti, exp, roles } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || typeof jti !== 'string' || typeof exp !== 'number' || !isStringArray(roles)) {
    throw new InvalidTokenError(InvalidTokenReason.claims);
  }
  return { subject: sub, roles, jti, expiresAt: exp * 1000 };
}
