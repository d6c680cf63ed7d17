import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RedisConnection } from '../../../shared/adapters/redis/client.js';
import { RedisPopularityStore } from '../../../shared/adapters/redis/popularity-store.js';
import { ReadTracker, type PopularityStore } from '../../../shared/cache/popularity.js';
import { connectedClient, uniquePrefix } from './cache-fixtures.js';

describe('ReadTracker over a real Redis (what the cache warmer ranks by)', () => {
  let client: RedisConnection;
  beforeAll(async () => {
    client = await connectedClient(inject('redisUrl'));
  });
  afterAll(() => {
    client.disconnect();
  });

  it('adds up the reads of all containers, flushing at most once per interval', async () => {
    const store = new RedisPopularityStore(client, uniquePrefix('reads'));
    let now = Date.parse('2026-11-25T10:00:00Z');
    const a = new ReadTracker({ store, now: () => now, flushEveryMs: 5_000 });
    const b = new ReadTracker({ store, now: () => now, flushEveryMs: 5_000 });
    for (let i = 0; i < 3; i += 1) a.record('m-hot');
    a.record('m-cold');
    for (let i = 0; i < 2; i += 1) b.record('m-hot');
    b.record('m-warm');
    b.record('m-warm');

    await a.flush();
    await b.flush();
    expect(await store.top('2026-11-25', 10)).toEqual([]); // interval not over: nothing sent yet
    expect(await a.top(2)).toEqual(['m-hot', 'm-cold']); // but each container already ranks its own reads

    now += 5_000;
    await a.flush();
    await b.flush();
    expect(await store.top('2026-11-25', 10)).toEqual([
      { id: 'm-hot', reads: 5 },
      { id: 'm-warm', reads: 2 },
      { id: 'm-cold', reads: 1 },
    ]);
    const fresh = new ReadTracker({ store, now: () => now });
    expect(await fresh.top(2)).toEqual(['m-hot', 'm-warm']);

    now += 86_400_000; // the next day still counts yesterday's reads
    fresh.record('m-cold');
    fresh.record('m-cold');
    expect(await fresh.top(3)).toEqual(['m-hot', 'm-cold', 'm-warm']);
  });

  it('keeps the counts of a failed flush for the next one (fault injected: the real store, made to throw)', async () => {
    const real = new RedisPopularityStore(client, uniquePrefix('reads-fault'));
    let failing = true;
    const store: PopularityStore = {
      add: (day, counts) => (failing ? Promise.reject(new Error('injected')) : real.add(day, counts)),
      top: (day, limit) => real.top(day, limit),
    };
    const now = Date.parse('2026-11-25T10:00:00Z');
    const tracker = new ReadTracker({ store, now: () => now });
    tracker.record('m1');
    await tracker.flush(true);
    failing = false;
    tracker.record('m1');
    await tracker.flush(true);
    expect(await real.top('2026-11-25', 5)).toEqual([{ id: 'm1', reads: 2 }]);
  });
});
