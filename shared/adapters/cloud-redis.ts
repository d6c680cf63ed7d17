import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from '../config.js';
import { createRedisClient, type RedisConnection } from './redis/client.js';
import { readRedisAuthToken } from './secrets/secrets-manager.js';

/**
 * The ElastiCache client: cluster mode from REDIS_CLUSTER, TLS from a `rediss://` URL, the AUTH token
 * from Secrets Manager. A token that cannot be read leaves the container on L1 alone (`onUnavailable`
 * says so): the cache is an accelerator, never a reason for a cold start to fail.
 */
export async function openCloudRedis(
  config: RuntimeConfig,
  onUnavailable: (error: unknown) => void,
): Promise<RedisConnection | undefined> {
  if (!config.redisUrl) return undefined;
  let password: string | undefined;
  if (config.redisAuthSecretArn) {
    try {
      const secrets = new SecretsManagerClient({
        region: config.region,
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
      });
      password = await readRedisAuthToken(secrets, config.redisAuthSecretArn);
    } catch (error) {
      onUnavailable(error);
      return undefined;
    }
  }
  const client = createRedisClient({ url: config.redisUrl, cluster: config.redisCluster, password });
  client.on('error', () => undefined); // reconnects back off in the client; every call already falls back
  return client;
}
