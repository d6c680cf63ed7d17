import { systemClock } from '../adapters/clock.js';
import { createRedisClient } from '../adapters/redis/client.js';
import { createDynamoDbClient, DynamoDbItemStore } from '../adapters/store/dynamodb/index.js';
import { ConfigError, loadRuntimeConfig } from '../config.js';
import { createObservability } from '../observability/index.js';
import type { AppDeps } from './deps.js';

/**
 * The Lambda composition root: DynamoDB and (when configured) ElastiCache. It imports no SQLite
 * code, which keeps better-sqlite3 out of every Lambda bundle.
 */
export function createCloudDeps(env: Record<string, string | undefined> = process.env): AppDeps {
  const config = loadRuntimeConfig(env);
  if (config.store !== 'dynamodb') throw new ConfigError('Invalid configuration:\n  STORE: must be dynamodb in Lambda', ['STORE']);
  const client = createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  return {
    config,
    observability: createObservability(config),
    store: new DynamoDbItemStore({ client, tableNames: config.tableNames }),
    redis: config.redisUrl ? createRedisClient({ url: config.redisUrl }) : undefined,
    clock: systemClock,
    authenticator: undefined,
    startedAtMs: Date.now(),
  };
}
