import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from '../adapters/clock.js';
import { connectRedis, createRedisClient, type RedisConnection } from '../adapters/redis/client.js';
import { createDynamoDbClient, createTables, DynamoDbItemStore } from '../adapters/store/dynamodb/index.js';
import { SqliteItemStore } from '../adapters/store/sqlite/index.js';
import { LocalDataKeyProvider } from '../adapters/crypto/local-data-keys.js';
import { localKeyDirectory, openLocalKeyFiles } from '../adapters/secrets/local-key-files.js';
import { assembleDeps } from '../app/assemble.js';
import type { AppDeps } from '../app/deps.js';
import type { TaskQueue } from '../app/task-queue.js';
import type { LocalConfig } from '../config.js';
import type { Observability } from '../observability/index.js';
import type { ItemStore } from '../store/port.js';

/** The store `npm start` uses: SQLite by default (schema created on open), or any DynamoDB endpoint. */
export async function openLocalStore(config: LocalConfig): Promise<ItemStore> {
  if (config.store === 'sqlite') {
    if (config.sqlitePath !== ':memory:') mkdirSync(dirname(config.sqlitePath), { recursive: true });
    return new SqliteItemStore({ path: config.sqlitePath });
  }
  // Local DynamoDB-compatible servers accept any key; asking the AWS chain for one would only fail.
  const credentials =
    config.dynamodbEndpoint && !config.awsCredentialsConfigured ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const client = createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint, credentials });
  // Only a user-supplied endpoint (dynalite, a test server) gets tables made for it; real AWS tables come from CDK.
  if (config.dynamodbEndpoint) await createTables(client, config.tableNames);
  return new DynamoDbItemStore({ client, tableNames: config.tableNames });
}

/** Connects to the L2 cache, or returns undefined (and the caller says so) when it cannot. */
export async function openLocalRedis(url: string | undefined): Promise<RedisConnection | undefined> {
  if (!url) return undefined;
  const client = createRedisClient({ url });
  client.on('error', () => undefined); // reconnects are retried by the client; the log says once that L2 is gone
  if (await connectRedis(client)) return client;
  client.disconnect();
  return undefined;
}

/** Local key files (created on first start under DATA_DIR/keys) stand in for Secrets Manager and KMS. */
export async function buildLocalDeps(
  config: LocalConfig,
  observability: Observability,
  store: ItemStore,
  redis: RedisConnection | undefined,
  taskQueue: TaskQueue,
): Promise<AppDeps> {
  const material = await openLocalKeyFiles(localKeyDirectory(config.dataDir));
  const keys = {
    signingSeeds: material.signingSeeds,
    blindIndexKeys: material.blindIndexKeys,
    dataKeys: new LocalDataKeyProvider(material.piiMasterKey),
  };
  return assembleDeps({ config, observability, rawStore: store, redis, clock: systemClock, keys, taskQueue });
}
