import type { L2Store } from '../../cache/l2-store.js';
import type { RedisConnection } from './client.js';

/** Escapes SCAN MATCH glob characters so a prefix matches literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The cache's L2 port over an ioredis connection (see shared/cache/l2-store.ts). */
export class RedisL2Store implements L2Store {
  constructor(
    private readonly redis: RedisConnection,
    private readonly scanCount = 500,
  ) {}

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(key)) ?? undefined;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async del(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.redis.unlink(...keys);
  }

  incr(key: string): Promise<number> {
    return this.redis.incr(key);
  }

  async setNx(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  /** SCAN + UNLINK of every key under `prefix` (single node; a cluster needs this per master). */
  async scanDelete(prefix: string): Promise<number> {
    const match = `${escapeGlob(prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', this.scanCount);
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }
}
