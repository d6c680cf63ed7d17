import type { L2Store } from '../../cache/l2-store.js';
import { primaryNodes, type RedisConnection } from './client.js';

/** Escapes SCAN MATCH glob characters so a prefix matches literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Deletes a lease only while it still holds the caller's token: a lease that expired and was taken by another container stays. */
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** Reads a generation, first setting an absent one to the seed: a restarted or evicted key must not reuse old numbers. */
const READ_GENERATION = `
local value = redis.call('GET', KEYS[1])
if not value then
  redis.call('SET', KEYS[1], ARGV[1])
  return ARGV[1]
end
return value
`;

/** INCR from the seed instead of from 0 when the key is absent. */
const BUMP_GENERATION = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[1])
end
return redis.call('INCR', KEYS[1])
`;

const RELEASE_COMMAND = 'fcCacheReleaseLease';
const READ_COMMAND = 'fcCacheReadGeneration';
const BUMP_COMMAND = 'fcCacheBumpGeneration';

interface ScriptedConnection {
  [RELEASE_COMMAND](key: string, token: string): Promise<number>;
  // The seed travels and returns as a string: Lua numbers lose integers above 2^53 and print floats.
  [READ_COMMAND](key: string, seed: string): Promise<string>;
  [BUMP_COMMAND](key: string, seed: string): Promise<number>;
}

/** The cache's L2 port over an ioredis connection, single node or cluster (see shared/cache/l2-store.ts). */
export class RedisL2Store implements L2Store {
  private readonly scripted: ScriptedConnection;

  constructor(
    private readonly redis: RedisConnection,
    private readonly scanCount = 500,
  ) {
    redis.defineCommand(RELEASE_COMMAND, { numberOfKeys: 1, lua: RELEASE_LEASE });
    redis.defineCommand(READ_COMMAND, { numberOfKeys: 1, lua: READ_GENERATION });
    redis.defineCommand(BUMP_COMMAND, { numberOfKeys: 1, lua: BUMP_GENERATION });
    this.scripted = redis as unknown as ScriptedConnection;
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(key)) ?? undefined;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async del(keys: readonly string[]): Promise<void> {
    // One UNLINK per key: keys of a cluster live in different slots, and a multi-key UNLINK across slots is refused.
    await Promise.all(keys.map((key) => this.redis.unlink(key)));
  }

  async generation(key: string, seed: number): Promise<number> {
    return Number(await this.scripted[READ_COMMAND](key, String(seed)));
  }

  async bumpGeneration(key: string, seed: number): Promise<number> {
    return Number(await this.scripted[BUMP_COMMAND](key, String(seed)));
  }

  async setNx(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async releaseLease(key: string, token: string): Promise<boolean> {
    return (await this.scripted[RELEASE_COMMAND](key, token)) === 1;
  }

  /** SCAN + UNLINK of every key under `prefix`, on every master of a cluster. */
  async scanDelete(prefix: string): Promise<number> {
    const counts = await Promise.all(primaryNodes(this.redis).map((node) => this.scanDeleteOn(node, `${escapeGlob(prefix)}*`)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async scanDeleteOn(node: ReturnType<typeof primaryNodes>[number], match: string): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', match, 'COUNT', this.scanCount);
      cursor = next;
      // A batch from one node can still span slots; a pipeline of single-key UNLINKs is slot-safe.
      if (keys.length > 0) {
        const replies = await keys.reduce((pipeline, key) => pipeline.unlink(key), node.pipeline()).exec();
        deleted += (replies ?? []).reduce((n, [error, count]) => n + (error ? 0 : Number(count)), 0);
      }
    } while (cursor !== '0');
    return deleted;
  }
}
