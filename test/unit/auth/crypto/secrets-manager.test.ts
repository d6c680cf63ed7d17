import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { readRedisAuthToken, SecretsManagerBlindIndexKey, SecretsManagerSigningSeeds } from '../../../../shared/adapters/secrets/index.js';
import { BlindIndex, KeyMaterialError, KeyUnavailableError, SigningKeyRing } from '../../../../shared/auth/crypto/index.js';
import { STUB_CLIENT_CONFIG, stubAwsJsonTransport, type StubAnswer } from './stub-aws-transport.js';

const SIGNING_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:fundcast/signing-seeds-AbCdEf';
const INDEX_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:fundcast/blind-index-key-GhIjKl';
const SEED_1 = 'sm-seed-one-Rk3Jq8Wz1Xc5Vb7Nm2Lp9Ht4Gy6Fd0';
const SEED_2 = 'sm-seed-two-Pa1So2Di3Fu4Gy5Hj6Kl7Zx8Cv9Bn0';
const INDEX_KEY = 'bi-key-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1X';

/** A Secrets Manager stand-in behind the stubbed transport: answers GetSecretValue from `secrets`. */
function stubSecretsManager(secrets: Record<string, string>, options: { down?: () => boolean } = {}) {
  const transport = stubAwsJsonTransport(({ operation, input }): StubAnswer => {
    if (options.down?.()) return { status: 500, error: 'InternalServiceError' };
    const secretString = secrets[String(input.SecretId)];
    if (operation !== 'secretsmanager.GetSecretValue' || secretString === undefined) return { status: 400, error: 'ResourceNotFoundException' };
    return { body: { ARN: input.SecretId, Name: 'fundcast/secret', SecretString: secretString, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1_700_000_000 } };
  });
  const client = new SecretsManagerClient({ ...STUB_CLIENT_CONFIG, requestHandler: transport.requestHandler });
  return { client, calls: transport.calls };
}

describe('Secrets Manager signing seeds (stubbed Secrets Manager transport: no AWS is reachable here)', () => {
  it('reads the secret by ARN and returns its seeds', async () => {
    const sm = stubSecretsManager({ [SIGNING_ARN]: JSON.stringify({ current: SEED_2, previous: SEED_1 }) });

    const seeds = await new SecretsManagerSigningSeeds({ client: sm.client, secretArn: SIGNING_ARN }).load();

    expect(seeds).toEqual({ current: SEED_2, previous: SEED_1 });
    expect(sm.calls).toEqual([{ operation: 'secretsmanager.GetSecretValue', input: { SecretId: SIGNING_ARN } }]);
  });

  it('caches in the container for the TTL, then sees a rotation', async () => {
    const secrets = { [SIGNING_ARN]: JSON.stringify({ current: SEED_1 }) };
    const sm = stubSecretsManager(secrets);
    let now = 0;
    const ring = new SigningKeyRing(new SecretsManagerSigningSeeds({ client: sm.client, secretArn: SIGNING_ARN, ttlMs: 300_000, now: () => now }));
    const before = await ring.get();

    secrets[SIGNING_ARN] = JSON.stringify({ current: SEED_2, previous: SEED_1 });
    now = 299_999;
    const cached = await ring.get();
    now = 300_000;
    const rotated = await ring.get();

    expect(cached).toBe(before);
    expect(sm.calls).toHaveLength(2);
    expect([...rotated.verificationKeys.keys()]).toEqual([rotated.current.kid, before.current.kid]);
  });

  it('shares one request among concurrent loads', async () => {
    const sm = stubSecretsManager({ [SIGNING_ARN]: JSON.stringify({ current: SEED_1 }) });
    const source = new SecretsManagerSigningSeeds({ client: sm.client, secretArn: SIGNING_ARN });

    await Promise.all([source.load(), source.load(), source.load()]);

    expect(sm.calls).toHaveLength(1);
  });

  it.each([
    ['not JSON', 'current=abc'],
    ['a JSON array', '["a"]'],
    ['no current seed', JSON.stringify({ previous: SEED_1 })],
    ['a short current seed', JSON.stringify({ current: 'too-short-seed' })],
    ['a short previous seed', JSON.stringify({ current: SEED_1, previous: 'too-short-seed' })],
  ])('refuses a secret that is %s, without echoing it', async (_label, secretString) => {
    const sm = stubSecretsManager({ [SIGNING_ARN]: secretString });

    const error = await new SecretsManagerSigningSeeds({ client: sm.client, secretArn: SIGNING_ARN }).load().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KeyMaterialError);
    expect((error as Error).message).not.toContain('too-short-seed');
    expect((error as Error).message).not.toContain(SEED_1);
  });

  it('reports Secrets Manager down as KeyUnavailableError when nothing is cached', async () => {
    const sm = stubSecretsManager({}, { down: () => true });

    await expect(new SecretsManagerSigningSeeds({ client: sm.client, secretArn: SIGNING_ARN }).load()).rejects.toBeInstanceOf(KeyUnavailableError);
  });

  it('keeps serving the cached seeds while Secrets Manager is down, and says so', async () => {
    let down = false;
    const sm = stubSecretsManager({ [SIGNING_ARN]: JSON.stringify({ current: SEED_1 }) }, { down: () => down });
    let now = 0;
    const stale: unknown[] = [];
    const source = new SecretsManagerSigningSeeds({ client: sm.client, secretArn: SIGNING_ARN, now: () => now, onStaleServed: (error) => stale.push(error) });
    await source.load();

    down = true;
    now = 10 * 60_000;
    const seeds = await source.load();

    expect(seeds).toEqual({ current: SEED_1 });
    expect(stale).toHaveLength(1);
    expect(stale[0]).toBeInstanceOf(KeyUnavailableError);
  });
});

describe('Secrets Manager blind-index key (stubbed Secrets Manager transport: no AWS is reachable here)', () => {
  it('reads { key } by ARN as the UTF-8 bytes of the string', async () => {
    const sm = stubSecretsManager({ [INDEX_ARN]: JSON.stringify({ key: INDEX_KEY }) });

    const key = await new SecretsManagerBlindIndexKey({ client: sm.client, secretArn: INDEX_ARN }).load();

    expect(key).toEqual(Buffer.from(INDEX_KEY, 'utf8'));
    expect(sm.calls).toEqual([{ operation: 'secretsmanager.GetSecretValue', input: { SecretId: INDEX_ARN } }]);
  });

  it('gives the same index as a local key file holding the same text', async () => {
    const sm = stubSecretsManager({ [INDEX_ARN]: JSON.stringify({ key: INDEX_KEY }) });

    const cloud = await BlindIndex.fromSource(new SecretsManagerBlindIndexKey({ client: sm.client, secretArn: INDEX_ARN }));

    expect(cloud.email('alice@example.com')).toBe(new BlindIndex(Buffer.from(INDEX_KEY)).email('alice@example.com'));
  });

  it('hands out copies: a caller cannot alter the cached key', async () => {
    const sm = stubSecretsManager({ [INDEX_ARN]: JSON.stringify({ key: INDEX_KEY }) });
    const source = new SecretsManagerBlindIndexKey({ client: sm.client, secretArn: INDEX_ARN });

    (await source.load()).fill(0);

    expect(await source.load()).toEqual(Buffer.from(INDEX_KEY));
  });

  it.each([
    ['no key', JSON.stringify({ value: INDEX_KEY })],
    ['a key of 31 bytes', JSON.stringify({ key: 'k'.repeat(31) })],
  ])('refuses a secret with %s', async (_label, secretString) => {
    const sm = stubSecretsManager({ [INDEX_ARN]: secretString });

    await expect(new SecretsManagerBlindIndexKey({ client: sm.client, secretArn: INDEX_ARN }).load()).rejects.toBeInstanceOf(KeyMaterialError);
  });
});

describe('ElastiCache AUTH token (stubbed Secrets Manager transport)', () => {
  const REDIS_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:fundcast/redis-auth-MnOpQr';
  const TOKEN = 'redis-token-Zx8Cv9Bn0Ml1Kj2Hg3Fd4Sa5';

  it('reads a plain-string secret or a JSON one with authToken, token or password', async () => {
    for (const secret of [TOKEN, JSON.stringify({ authToken: TOKEN }), JSON.stringify({ token: TOKEN }), JSON.stringify({ password: TOKEN })]) {
      const sm = stubSecretsManager({ [REDIS_ARN]: secret });
      expect(await readRedisAuthToken(sm.client, REDIS_ARN)).toBe(TOKEN);
    }
  });

  it('names what is wrong without echoing the secret', async () => {
    const sm = stubSecretsManager({ [REDIS_ARN]: JSON.stringify({ other: TOKEN }) });
    const error = await readRedisAuthToken(sm.client, REDIS_ARN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyMaterialError);
    expect(String((error as Error).message)).not.toContain(TOKEN);
    const down = stubSecretsManager({}, { down: () => true });
    await expect(readRedisAuthToken(down.client, REDIS_ARN)).rejects.toBeInstanceOf(KeyUnavailableError);
  });
});
