import type { PopularityStore } from '../../cache/popularity.js';
import type { RedisConnection } from './client.js';

/** Two days of history is all the ranking reads; older sets expire on their own. */
const KEEP_SECONDS = 2 * 86_400 + 3_600;

/** Read counts as one sorted set per UTC day (single-key commands: any cluster slot will do). */
export class RedisPopularityStore implements PopularityStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix = 'fundcast:reads',
  ) {}

  async add(day: string, counts: ReadonlyMap<string, number>): Promise<void> {
    const key = `${this.prefix}:${day}`;
    const pipeline = this.redis.pipeline();
    for (const [id, n] of counts) pipeline.zincrby(key, n, id);
    pipeline.expire(key, KEEP_SECONDS);
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  async top(day: string, limit: number): Promise<{ id: string; reads: number }[]> {
    const flat = await this.redis.zrevrange(`${this.prefix}:${day}`, 0, limit - 1, 'WITHSCORES');
    const rows: { id: string; reads: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) rows.push({ id: flat[i] ?? '', reads: Number(flat[i + 1]) });
    return rows;
  }
}
