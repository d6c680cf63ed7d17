import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MalformedPasswordHashError } from './errors.js';

/**
 * A password hash with everything needed to recompute it. The parameters travel with the hash so
 * they can be raised later: old hashes still verify, and {@link needsRehash} says when to upgrade.
 */
export interface PasswordHash {
  readonly alg: 'scrypt';
  /** CPU/memory cost (a power of two). */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
  /** Length of the derived key, in bytes. */
  readonly keyLength: number;
  /** Per-user random salt, base64. */
  readonly salt: string;
  /** Derived key, base64. */
  readonly hash: string;
}

/**
 * The parameters new hashes get, as specified for FundCast. Note OWASP's current table pairs N=2^15
 * with p=3 (or N=2^17 with p=1); these are kept lighter for Lambda login latency, and because the
 * parameters are stored, raising them later only means changing this object: {@link needsRehash}
 * then upgrades each user at their next login.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;

/**
 * Bounds on stored parameters: a stored hash is data, and a corrupt or planted record must not make
 * a login burn gigabytes of memory or accept a 1-byte "hash".
 */
const BOUNDS = { N: [2 ** 14, 2 ** 20], r: [1, 32], p: [1, 16], keyLength: [16, 64], saltLength: [16, 64] } as const;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** scrypt needs 128·N·r bytes; node's default ceiling (32 MiB) is exactly that for N=2^15, r=8, so give it headroom. */
const scryptOptions = (N: number, r: number, p: number): ScryptOptions => ({ N, r, p, maxmem: 256 * N * r + 1024 * 1024 });

/**
 * NFKC so that the same password typed on two keyboards (composed vs decomposed accents, full-width
 * digits) hashes the same, as NIST SP 800-63B recommends.
 */
export const normalisePassword = (password: string): string => password.normalize('NFKC');

/** Hashes a password with scrypt and a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const { N, r, p, keyLength, saltLength } = SCRYPT_PARAMETERS;
  const salt = randomBytes(saltLength);
  const hash = await scryptAsync(normalisePassword(password), salt, keyLength, scryptOptions(N, r, p));
  return { alg: 'scrypt', N, r, p, keyLength, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

const within = (value: unknown, [min, max]: readonly [number, number]): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

function decodeStored(stored: PasswordHash): { salt: Buffer; hash: Buffer } {
  const candidate = stored as Partial<Record<keyof PasswordHash, unknown>> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.alg !== 'scrypt') {
    throw new MalformedPasswordHashError('The stored password hash is not an scrypt hash');
  }
  const { N, r, p, keyLength, salt, hash } = candidate;
  if (!within(N, BOUNDS.N) || (N & (N - 1)) !== 0 || !within(r, BOUNDS.r) || !within(p, BOUNDS.p) || !within(keyLength, BOUNDS.keyLength)) {
    throw new MalformedPasswordHashError('The stored password hash has parameters outside the accepted bounds');
  }
  if (typeof salt !== 'string' || typeof hash !== 'string') {
    throw new MalformedPasswordHashError('The stored password hash lacks its salt or hash');
  }
  const saltBytes = Buffer.from(salt, 'base64');
  const hashBytes = Buffer.from(hash, 'base64');
  if (!within(saltBytes.length, BOUNDS.saltLength) || hashBytes.length !== keyLength) {
    throw new MalformedPasswordHashError('The stored password hash has a salt or hash of the wrong length');
  }
  return { salt: saltBytes, hash: hashBytes };
}

/**
 * True when `password` produces `stored`. Recomputes with the stored parameters and compares in
 * constant time. Throws {@link MalformedPasswordHashError} when the record itself is unreadable, so
 * corruption is noticed instead of looking like a wrong password.
 */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const { salt, hash } = decodeStored(stored);
  const candidate = await scryptAsync(normalisePassword(password), salt, stored.keyLength, scryptOptions(stored.N, stored.r, stored.p));
  return timingSafeEqual(candidate, hash);
}

/** True when the stored hash was made with other parameters than new hashes get; rehash after a successful login. */
export function needsRehash(stored: PasswordHash): boolean {
  const { N, r, p, keyLength, saltLength } = SCRYPT_PARAMETERS;
  return (
    stored.alg !== 'scrypt' ||
    stored.N !== N ||
    stored.r !== r ||
    stored.p !== p ||
    stored.keyLength !== keyLength ||
    Buffer.from(stored.salt, 'base64').length < saltLength
  );
}

// Made once per container from random bytes: cheap at cold start, and no real user can match it.
const DUMMY_SALT = randomBytes(SCRYPT_PARAMETERS.saltLength);
const DUMMY_HASH = randomBytes(SCRYPT_PARAMETERS.keyLength);

/**
 * Does the work of a real {@link verifyPassword} (same scrypt parameters, same comparison) and
 * answers false. Call it when the email is unknown so the response time does not reveal which
 * accounts exist.
 */
export async function dummyVerify(password: string): Promise<false> {
  const { N, r, p, keyLength } = SCRYPT_PARAMETERS;
  const candidate = await scryptAsync(normalisePassword(password), DUMMY_SALT, keyLength, scryptOptions(N, r, p));
  timingSafeEqual(candidate, DUMMY_HASH);
  return false;
}
