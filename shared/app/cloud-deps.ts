import { systemClock } from '../adapters/clock.js';
import { cloudIdentityKeys } from '../adapters/cloud-identity-keys.js';
import { openCloudRedis } from '../adapters/cloud-redis.js';
import { createDynamoDbClient, DynamoDbItemStore } from '../adapters/store/dynamodb/index.js';
import { ConfigError, loadRuntimeConfig } from '../config.js';
import { createObservability } from '../observability/index.js';
import { assembleDeps } from './assemble.js';
import type { AppDeps } from './deps.js';
import { streamTriggeredTasks } from './task-queue.js';

const CLOUD_KEY_VARIABLES = ['SIGNING_KEYS_SECRET_ARN', 'BLIND_INDEX_SECRET_ARN', 'PII_KMS_KEY_ARN'] as const;

/**
 * The Lambda composition root: DynamoDB, ElastiCache when configured, Secrets Manager and KMS for
 * keys. It imports no SQLite code, which keeps better-sqlite3 out of every Lambda bundle. Awaited at
 * module scope, so keys are fetched during the Lambda init phase, not on a request.
 */
export async function createCloudDeps(env: Record<string, string | undefined> = process.env): Promise<AppDeps> {
  const config = loadRuntimeConfig(env);
  if (config.store !== 'dynamodb') throw new ConfigError('Invalid configuration:\n  STORE: must be dynamodb in Lambda', ['STORE']);
  const { signingKeysSecretArn, blindIndexSecretArn, piiKmsKeyArn } = config.auth;
  if (!signingKeysSecretArn || !blindIndexSecretArn || !piiKmsKeyArn) {
    const missing = CLOUD_KEY_VARIABLES.filter((name) => !env[name]);
    throw new ConfigError(`Invalid configuration:\n${missing.map((name) => `  ${name}: required in Lambda`).join('\n')}`, [...missing]);
  }
  const observability = createObservability(config);
  const store = new DynamoDbItemStore({
    client: createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
    tableNames: config.tableNames,
  });
  const redis = await openCloudRedis(config, (error) =>
    observability.logger.warn('L2 cache: Redis AUTH token unavailable; running on the in-container L1 cache only', { error }),
  );
  const keys = cloudIdentityKeys({ region: config.region, signingKeysSecretArn, blindIndexSecretArn, piiKmsKeyArn });
  return assembleDeps({ config, observability, rawStore: store, redis, clock: systemClock, keys, taskQueue: streamTriggeredTasks });
}
