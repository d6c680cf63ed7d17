import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** The connection type the rest of the code holds; only this folder names the library. */
export type RedisConnection = Redis | Cluster;

export interface RedisClientOptions {
  /** `redis://` or `rediss://` (TLS); a password in the URL is used unless `password` is given. */
  url: string;
  /** ElastiCache cluster mode: `url` is the configuration endpoint and slots are followed. */
  cluster?: boolean;
  /** AUTH token (ElastiCache); in the cloud it comes from Secrets Manager, never from the URL. */
  password?: string | undefined;
  /** Per-command timeout: a slow Redis must never become a slow request. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

const backoff = (attempt: number): number => Math.min(50 * 2 ** attempt, 2000);

/** Options shared by a single node and by every node of a cluster. */
function nodeOptions(url: URL, options: RedisClientOptions): RedisOptions {
  const password = options.password ?? (url.password ? decodeURIComponent(url.password) : undefined);
  return {
    ...(password !== undefined ? { password } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    // ElastiCache in-transit encryption: the server certificate is checked against the host name.
    ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
    lazyConnect: true,
    commandTimeout: options.commandTimeoutMs ?? 50,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: backoff,
  };
}

/**
 * An ioredis client tuned for request paths: commands time out, nothing queues while
 * disconnected (callers fall back instead of waiting), and reconnects back off up to 2 s.
 * With `cluster`, a Cluster client that discovers every shard from the configuration endpoint.
 */
export function createRedisClient(options: RedisClientOptions): RedisConnection {
  const url = new URL(options.url);
  const node = nodeOptions(url, options);
  if (!options.cluster) {
    return new Redis({ ...node, host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) });
  }
  const clusterOptions: ClusterOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    clusterRetryStrategy: backoff,
    slotsRefreshTimeout: node.connectTimeout ?? 1000,
    // ElastiCache with TLS presents certificates for the DNS names, not for the node IPs it reports.
    dnsLookup: (address, callback) => callback(null, address),
    redisOptions: node,
  };
  return new Cluster([{ host: url.hostname, port: Number(url.port || 6379) }], clusterOptions);
}

/** The nodes a whole-keyspace operation (SCAN) must visit: every master of a cluster, or the one node. */
export function primaryNodes(client: RedisConnection): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** Connects and pings; resolves false instead of throwing so startup can carry on without L2. */
export async function connectRedis(client: RedisConnection): Promise<boolean> {
  try {
    if (client.status === 'wait') await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}
