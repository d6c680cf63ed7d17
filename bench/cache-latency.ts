import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { connectRedis, createRedisClient, type RedisConnection } from '../shared/adapters/redis/client.js';
import { RedisL2Store } from '../shared/adapters/redis/l2-store.js';
import { encodeValue } from '../shared/cache/codec.js';
import { marketTag } from '../shared/cache/market-cache.js';
import { TwoTierCache } from '../shared/cache/two-tier-cache.js';
import { startLocalRedis } from '../shared/local/redis-server.js';
import { percentile } from './lib/measure.js';

/** A value shaped like a market detail, small enough to stay below the codec's gzip threshold. */
const market = (id: number) => ({
  id: `bench-market-${id}`,
  title: 'Will Acme close a Series A by 2027-06-30?',
  description: 'Resolves YES when a priced round is announced before the close.',
  category: 'funding',
  type: 'binary',
  engine: 'orderbook',
  status: 'open',
  closesAt: '2027-06-30T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  outcomes: [
    { name: 'YES', price: 55, volume: 1500 },
    { name: 'NO', price: 45, volume: 1500 },
  ],
  volume: 3000,
});

/** Microseconds of each call, timed one by one so the tail is visible. */
async function timeEach(count: number, op: (i: number) => unknown, into: number[], offset = 0): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const result = op(offset + i);
    if (result instanceof Promise) await result;
    into.push((performance.now() - started) * 1000);
  }
}

const WARM = 1_000;
const BLOCK = 500;

const ascending = (samples: number[]) => samples.sort((a, b) => a - b);

/**
 * Times the peer and the subject in alternating blocks, so load from elsewhere on the machine falls
 * on both alike. The first `warm` calls (ops on indexes [0, warm)) are not kept; the kept ones use
 * indexes [offset, offset + count).
 */
async function sideBySide(count: number, offset: number, peer: (i: number) => unknown, subject: (i: number) => unknown): Promise<[number[], number[]]> {
  const discard: number[] = [];
  await timeEach(WARM, peer, discard);
  await timeEach(WARM, subject, discard);
  const [peerSamples, subjectSamples]: [number[], number[]] = [[], []];
  for (let start = 0; start < count; start += BLOCK) {
    const size = Math.min(BLOCK, count - start);
    await timeEach(size, peer, peerSamples, offset + start);
    await timeEach(size, subject, subjectSamples, offset + start);
  }
  return [ascending(peerSamples), ascending(subjectSamples)];
}

async function connected(url: string): Promise<RedisConnection> {
  const client = createRedisClient({ url, commandTimeoutMs: 200 });
  if (!(await connectRedis(client))) throw new Error(`cannot reach ${url}`);
  return client;
}

/**
 * p50 and p99 of TwoTierCache.getOrLoad on an L1 hit, an L2 hit and a miss, each beside the raw
 * operation underneath it, measured in the same run against one local redis-server.
 */
export async function benchCacheLatency(iterations: number): Promise<void> {
  const redis = await startLocalRedis();
  if (!redis) {
    process.stdout.write('\nCache latency: skipped (no redis-server on PATH)\n');
    return;
  }
  const clients = await Promise.all([connected(redis.url), connected(redis.url), connected(redis.url)]);
  const [writerClient, readerClient, rawClient] = clients as [RedisConnection, RedisConnection, RedisConnection];
  const db = new Database(':memory:');
  try {
    // Two containers: the writer's misses fill L2, so the reader (its own L1) gets L2 hits only.
    const writer = new TwoTierCache({ l2: new RedisL2Store(writerClient), prefix: 'bench:latency' });
    const reader = new TwoTierCache({ l2: new RedisL2Store(readerClient), prefix: 'bench:latency' });
    // One tag for every key: a first-seen tag costs an extra generation GET, which would blur the L2-hit figure.
    const options = { tags: [marketTag('bench')] };

    // The loader of known cost: a primary-key SELECT on an in-memory SQLite table plus JSON.parse.
    db.exec('CREATE TABLE markets (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO markets (id, body) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < iterations * 2; i += 1) insert.run(i, JSON.stringify(market(i)));
    })();
    const select = db.prepare<[number], { body: string }>('SELECT body FROM markets WHERE id = ?');
    const loader = (id: number) => async () => JSON.parse((select.get(id) as { body: string }).body) as ReturnType<typeof market>;

    const payload = await encodeValue(market(0));
    await rawClient.set('bench:raw:hot', payload);
    const lru = new LRUCache<string, ReturnType<typeof market>>({ max: 500 });
    lru.set('hot', market(0));
    await writer.getOrLoad('market', 'hot', loader(0), options);

    const n = iterations;
    // L2 round trips per call and whether each call was answered where the row says, from the cache's own counters.
    const counted = async <T>(cache: TwoTierCache, answered: 'l1' | 'l2' | 'loader', measure: () => Promise<T>) => {
      const before = cache.stats();
      const result = await measure();
      const after = cache.stats();
      const calls = WARM + n;
      const answers = { l1: after.l1.hits - before.l1.hits, l2: after.l2.hits - before.l2.hits, loader: after.loader.calls - before.loader.calls }[answered];
      return { result, trips: (after.l2.latency.count - before.l2.latency.count) / calls, answeredShare: answers / calls };
    };

    const floor: number[] = [];
    await timeEach(n, () => undefined, floor);
    const loaderAlone: number[] = [];
    await timeEach(n, (i) => loader(i)(), loaderAlone);
    const l1 = await counted(writer, 'l1', () =>
      sideBySide(n, 0, () => lru.get('hot'), () => writer.getOrLoad('market', 'hot', loader(0), options)),
    );
    // Misses on keys [0, WARM) and [n, 2n) put them in L2; the reader's L2 hits then read those same keys.
    const miss = await counted(writer, 'loader', () =>
      sideBySide(n, n, (i) => rawClient.getBuffer(`bench:raw:absent:${i}`).then(loader(i)), (i) => writer.getOrLoad('market', String(i), loader(i), options)),
    );
    const l2 = await counted(reader, 'l2', () =>
      sideBySide(n, n, () => rawClient.getBuffer('bench:raw:hot'), (i) => reader.getOrLoad('market', String(i), loader(i), options)),
    );

    const us = (samples: number[], p: number) => percentile(samples, p).toFixed(2).padStart(9);
    const ratio = (subject: number[], peer: number[]) => `${(percentile(subject, 50) / percentile(peer, 50)).toFixed(2)}x`;
    const trips = (c: { trips: number; answeredShare: number }) => `${c.trips.toFixed(2)} L2 trips/call, ${(c.answeredShare * 100).toFixed(1)} % answered there`;
    const rows: [string, number[], string][] = [
      ['timer floor (empty timed section)', ascending(floor), ''],
      ['loader alone (SQLite SELECT + parse)', ascending(loaderAlone), ''],
      ['raw lru-cache get', l1.result[0], ''],
      ['getOrLoad, L1 hit', l1.result[1], `${ratio(l1.result[1], l1.result[0])} raw lru get; ${trips(l1)}`],
      ['raw ioredis GET (getBuffer)', l2.result[0], ''],
      ['getOrLoad, L2 hit (other container)', l2.result[1], `${ratio(l2.result[1], l2.result[0])} raw GET; ${trips(l2)}`],
      ['raw GET (absent key) + loader', miss.result[0], ''],
      ['getOrLoad, miss (fresh key)', miss.result[1], `${ratio(miss.result[1], miss.result[0])} raw GET + loader; ${trips(miss)}`],
    ];
    process.stdout.write(
      `\nCache latency: TwoTierCache.getOrLoad beside the raw operation under it, ${n.toLocaleString('en')} calls each (alternating blocks), one local redis-server, ${payload.length}-byte value\n`,
    );
    process.stdout.write(`  ${''.padEnd(38)}   p50 µs    p99 µs  p50 ratio\n`);
    for (const [name, samples, note] of rows) process.stdout.write(`  ${name.padEnd(38)}${us(samples, 50)} ${us(samples, 99)}  ${note}\n`);
    process.stdout.write('  (raw lru get is within the timer floor, so the L1 ratio is coarse; the miss peer makes one round trip)\n');
  } finally {
    db.close();
    for (const client of clients) client.disconnect();
    await redis.stop();
  }
}
