import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { KeyMaterialError } from './errors.js';

/**
 * The secrets the token-signing keys are derived from. Seeds rather than PEM keys so the cloud can
 * keep them in Secrets Manager as plain random strings (its rotation tooling generates exactly that).
 * During a rotation `previous` keeps tokens signed before the switch verifiable until they expire.
 */
export interface SigningSeeds {
  readonly current: string;
  readonly previous?: string | undefined;
}

/** Port: where the seeds live (a local key file, Secrets Manager). Adapters cache as they see fit. */
export interface SigningSeedSource {
  load(): Promise<SigningSeeds>;
}

/** The key new tokens are signed with. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** One public key as published at `/.well-known/jwks.json` (RFC 8037). */
export interface Ed25519Jwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
}

/** The live keys: one to sign with, every one a token may still be verified with. */
export interface SigningKeySet {
  readonly current: SigningKey;
  /** Public keys by kid: the current one first, then the previous one during a rotation. */
  readonly verificationKeys: ReadonlyMap<string, KeyObject>;
  jwks(): { keys: Ed25519Jwk[] };
}

/** Shorter seeds than this are refused: a seed is the whole private key's entropy. */
export const MIN_SEED_LENGTH = 32;

// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410) up to the 32-byte key: version 0, OID 1.3.101.112, OCTET STRING.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface DerivedKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly x: string;
}

function deriveKey(seed: string, name: string): DerivedKey {
  if (typeof seed !== 'string' || seed.length < MIN_SEED_LENGTH) {
    throw new KeyMaterialError(`The ${name} signing seed must be a string of at least ${MIN_SEED_LENGTH} characters`);
  }
  const rawPrivate = createHash('sha256').update(seed, 'utf8').digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, rawPrivate]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const x = publicKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new KeyMaterialError('The derived public key could not be exported');
  // A kid that is a function of the public key: every container derives the same one, and it never names the seed.
  const kid = createHash('sha256').update(Buffer.from(x, 'base64url')).digest().subarray(0, 12).toString('base64url');
  return { kid, privateKey, publicKey, x };
}

/** Derives the Ed25519 key pair(s) from the seeds: private key = SHA-256(seed). Deterministic. */
export function deriveSigningKeySet(seeds: SigningSeeds): SigningKeySet {
  const current = deriveKey(seeds.current, 'current');
  const live = [current];
  if (seeds.previous !== undefined) {
    const previous = deriveKey(seeds.previous, 'previous');
    if (previous.kid !== current.kid) live.push(previous);
  }
  const verificationKeys = new Map(live.map((key) => [key.kid, key.publicKey] as const));
  const keys: Ed25519Jwk[] = live.map(({ kid, x }) => ({ kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' }));
  return {
    current: { kid: current.kid, privateKey: current.privateKey },
    verificationKeys,
    jwks: () => ({ keys: keys.map((key) => ({ ...key })) }),
  };
}

/**
 * The key set of a seed source, derived again only when the seeds change. Call {@link get} per
 * request: the source decides how often it really reloads (so a rotation reaches every container).
 */
export class SigningKeyRing {
  private derivedFrom: SigningSeeds | undefined;
  private keySet: SigningKeySet | undefined;

  constructor(private readonly source: SigningSeedSource) {}

  /** The set for the seeds the source answers now. */
  async get(): Promise<SigningKeySet> {
    const seeds = await this.source.load();
    const cached = this.derivedFrom;
    if (this.keySet && cached && cached.current === seeds.current && cached.previous === seeds.previous) return this.keySet;
    const keySet = deriveSigningKeySet(seeds);
    this.derivedFrom = { current: seeds.current, previous: seeds.previous };
    this.keySet = keySet;
    return keySet;
  }
}
