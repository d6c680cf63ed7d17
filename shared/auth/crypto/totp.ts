import { randomBytes } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import { KeyMaterialError } from './errors.js';

/**
 * RFC 6238 as every authenticator app implements it: SHA-1, 6 digits, 30-second steps; one step
 * either side absorbs phone clock drift and the time it takes to type the code.
 */
export const TOTP_SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30, window: 1, secretBytes: 20 } as const;

/** A new shared secret: 20 random bytes (RFC 4226's recommended length for SHA-1), base32 as apps expect. */
export function createTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(randomBytes(TOTP_SETTINGS.secretBytes)).buffer }).base32;
}

/** What the enrolment QR code names: the secret, the account and the issuer (default FundCast). */
export interface OtpauthUrlInput {
  readonly secret: string;
  /** Shown in the app under the issuer, usually the email. */
  readonly account: string;
  readonly issuer?: string;
}

function secretFrom(base32: string): Secret {
  try {
    return Secret.fromBase32(base32);
  } catch (error) {
    throw new KeyMaterialError('The TOTP secret is not valid base32', { cause: error });
  }
}

/** The `otpauth://totp/...` URI a QR code encodes for enrolment. */
export function otpauthUrl({ secret, account, issuer = 'FundCast' }: OtpauthUrlInput): string {
  const { algorithm, digits, period } = TOTP_SETTINGS;
  return new TOTP({ issuer, label: account, secret: secretFrom(secret), algorithm, digits, period }).toString();
}

/** The clock and the user's replay marker. */
export interface VerifyTotpOptions {
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** The step of the last code this user spent; that step and every earlier one are refused (RFC 6238 §5.2). */
  readonly lastUsedStep?: number | undefined;
}

const SIX_DIGITS = /^\d{6}$/;

/**
 * Checks a code against the steps around now and returns the matched step (store it as the new
 * `lastUsedStep`), or undefined. Only exactly six ASCII digits are considered.
 */
export function verifyTotp(code: string, secret: string, { now, lastUsedStep }: VerifyTotpOptions): number | undefined {
  const key = secretFrom(secret);
  if (typeof code !== 'string' || !SIX_DIGITS.test(code)) return undefined;
  const { algorithm, digits, period, window } = TOTP_SETTINGS;
  const currentStep = TOTP.counter({ period, timestamp: now() });
  // Step by step (not one window-wide validate) so a replayed step is skipped rather than matched
  // first, and a fresh step that happens to share the code still counts.
  for (let step = currentStep - window; step <= currentStep + window; step += 1) {
    if (lastUsedStep !== undefined && step <= lastUsedStep) continue;
    if (HOTP.validate({ token: code, secret: key, algorithm, digits, counter: step, window: 0 }) === 0) return step;
  }
  return undefined;
}
