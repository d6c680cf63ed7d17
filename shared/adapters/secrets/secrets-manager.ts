import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  KeyMaterialError,
  KeyUnavailableError,
  MIN_BLIND_INDEX_KEY_BYTES,
  MIN_SEED_LENGTH,
  type BlindIndexKeySource,
  type SigningSeeds,
  type SigningSeedSource,
} from '../../auth/crypto/index.js';
import { RefreshingValue } from './refreshing-value.js';

/** Which secret to read, with which client, and how long to keep it in the container. */
export interface SecretsManagerSourceOptions {
  readonly client: SecretsManagerClient;
  /** ARN of the secret (its AWSCURRENT version is read). */
  readonly secretArn: string;
  /** How long a read secret is served from the container. Default 5 minutes: a rotation reaches every container within that. */
  readonly ttlMs?: number;
  readonly now?: () => number;
  /** Told when a refresh failed and the previous value is served meanwhile. */
  readonly onStaleServed?: (error: unknown) => void;
}

const DEFAULT_TTL_MS = 5 * 60_000;

/** Reads one JSON secret string; never puts the secret's contents in an error. */
async function readJsonSecret(client: SecretsManagerClient, secretArn: string): Promise<Record<string, unknown>> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    throw new KeyUnavailableError('The secret could not be read from Secrets Manager', { cause: error });
  }
  if (typeof secretString !== 'string') throw new KeyMaterialError('The secret has no string value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new KeyMaterialError('The secret is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new KeyMaterialError('The secret is not a JSON object');
  return parsed as Record<string, unknown>;
}

const refreshing = <T>(options: SecretsManagerSourceOptions, parse: (secret: Record<string, unknown>) => T): RefreshingValue<T> =>
  new RefreshingValue(async () => parse(await readJsonSecret(options.client, options.secretArn)), {
    ttlMs: options.ttlMs ?? DEFAULT_TTL_MS,
    ...(options.now ? { now: options.now } : {}),
    ...(options.onStaleServed ? { onStaleServed: options.onStaleServed } : {}),
  });

/** Signing seeds from a secret shaped `{ "current": "...", "previous"?: "..." }`. */
export class SecretsManagerSigningSeeds implements SigningSeedSource {
  private readonly value: RefreshingValue<SigningSeeds>;

  constructor(options: SecretsManagerSourceOptions) {
    this.value = refreshing(options, ({ current, previous }) => {
      const seed = (value: unknown): value is string => typeof value === 'string' && value.length >= MIN_SEED_LENGTH;
      if (!seed(current) || (previous !== undefined && !seed(previous))) {
        throw new KeyMaterialError(`The signing secret needs "current" (and optionally "previous") strings of at least ${MIN_SEED_LENGTH} characters`);
      }
      return previous === undefined ? { current } : { current, previous };
    });
  }

  load(): Promise<SigningSeeds> {
    return this.value.get();
  }
}

/**
 * The blind-index key from a secret shaped `{ "key": "..." }`: the key is the string's UTF-8 bytes,
 * the same as the local `blind-index.key` file, so an index computed locally matches the cloud's
 * when the same text is used.
 */
export class SecretsManagerBlindIndexKey implements BlindIndexKeySource {
  private readonly value: RefreshingValue<Buffer>;

  constructor(options: SecretsManagerSourceOptions) {
    this.value = refreshing(options, ({ key }) => {
      if (typeof key !== 'string' || Buffer.byteLength(key, 'utf8') < MIN_BLIND_INDEX_KEY_BYTES) {
        throw new KeyMaterialError(`The blind-index secret needs a "key" string of at least ${MIN_BLIND_INDEX_KEY_BYTES} bytes`);
      }
      return Buffer.from(key, 'utf8');
    });
  }

  async load(): Promise<Buffer> {
    // A copy: the caller may keep it, and must not be able to alter the cached key.
    return Buffer.from(await this.value.get());
  }
}

/** Fields a JSON secret may hold the ElastiCache AUTH token under; a plain string secret is the token itself. */
const TOKEN_FIELDS = ['authToken', 'token', 'password'] as const;

/**
 * The ElastiCache AUTH token, read once at cold start (a rotation reaches new containers; ElastiCache
 * keeps the previous token valid while it rotates). Never puts the token in an error.
 */
export async function readRedisAuthToken(client: SecretsManagerClient, secretArn: string): Promise<string> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    throw new KeyUnavailableError('The Redis AUTH secret could not be read from Secrets Manager', { cause: error });
  }
  if (typeof secretString !== 'string' || secretString.length === 0) throw new KeyMaterialError('The Redis AUTH secret has no string value');
  if (!secretString.trimStart().startsWith('{')) return secretString;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new KeyMaterialError('The Redis AUTH secret is not valid JSON');
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const token = TOKEN_FIELDS.map((name) => fields[name]).find((value) => typeof value === 'string' && value.length > 0);
  if (typeof token !== 'string') throw new KeyMaterialError(`The Redis AUTH secret needs one of ${TOKEN_FIELDS.join(', ')}`);
  return token;
}
