import { Redis } from 'ioredis';

/** The connection type the rest of the code holds; only this folder names the library. */
export type RedisConnection = Redis;

export interface RedisClientOptions {
  url: string;
  /** Per-command timeout: a slow Redis must never become a slow request. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * An ioredis client tuned for request paths: commands time out, nothing queues while
 * disconnected (callers fall back instead of waiting), and reconnects back off up to 2 s.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  return new Redis(options.url, {
    lazyConnect: true,
    commandTimeout: options.commandTimeoutMs ?? 50,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
  });
}

/** Connects and pings; resolves false instead of throwing so startup can carry on without L2. */
export async function connectRedis(client: Redis): Promise<boolean> {
  try {
    if (client.status === 'wait') await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}
