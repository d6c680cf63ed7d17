import { performance } from 'node:perf_hooks';
import { connectRedis, createRedisClient } from '../shared/adapters/redis/client.js';
import { RedisL2Store } from '../shared/adapters/redis/l2-store.js';
import { MARKET_DETAIL, marketTag, refreshMarket } from '../shared/cache/market-cache.js';
import { TwoTierCache } from '../shared/cache/two-tier-cache.js';
import { startLocalRedis } from '../shared/local/redis-server.js';
import { seededRandom } from './lib/seeded.js';

/** Inverse-CDF sampler of Zipf(s) over 1..n, from a seeded uniform source. */
function zipf(n: number, s: number, random: () => number): () => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let running = 0;
  for (const weight of weights) cdf.push((running += weight / total));
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Hit rate and store reads per request on a seeded Zipf(1.1) read workload over 1,000 markets
 * with 5 % writes, across two containers sharing one Redis. Each write goes the way the API's
 * writes go (refreshMarket: invalidate, then re-put the detail, which costs the writer one store
 * read); a plain-invalidation run of the same sequence is measured beside it.
 */
export async function benchCacheZipf(requests: number): Promise<void> {
  const redis = await startLocalRedis();
  if (!redis) {
    process.stdout.write('\nCache hit rate: skipped (no redis-server on PATH)\n');
    return;
  }
  const clients = [createRedisClient({ url: redis.url, commandTimeoutMs: 200 }), createRedisClient({ url: redis.url, commandTimeoutMs: 200 })];
  try {
    // The clients connect lazily and queue nothing offline: unconnected, every L2 call would fail and this would measure L1 alone.
    if (!(await Promise.all(clients.map(connectRedis))).every(Boolean)) throw new Error('bench: Redis unreachable');
    process.stdout.write(`\nCache: ${requests.toLocaleString('en')} requests, Zipf(1.1) over 1,000 markets, 5 % writes, 2 containers sharing one Redis\n`);
    const refresh = await run(clients, 'bench:cache:refresh', requests, true);
    const invalidate = await run(clients, 'bench:cache:invalidate', requests, false);
    for (const [label, r] of [['writes re-put the detail (the API)', refresh], ['writes only invalidate (the peer design)', invalidate]] as const) {
      process.stdout.write(`  ${label}\n`);
      process.stdout.write(`    read hit rate           ${(r.hitRate * 100).toFixed(1)} %   (the brief claims 87.3 %; target ≥ 95 %)\n`);
      process.stdout.write(`    store reads per request ${(r.storeReads / requests).toFixed(3)}   (no cache: ${(r.reads / requests).toFixed(3)}; ${((1 - r.storeReads / r.reads) * 100).toFixed(1)} % fewer; the brief claims 82 %)\n`);
      process.stdout.write(`    L2 errors               ${String(r.l2Errors)}\n`);
      process.stdout.write(`    throughput              ${Math.round(r.perSecond).toLocaleString('en')} requests/s through the cache\n`);
    }
  } finally {
    for (const client of clients) client.disconnect();
    await redis.stop();
  }
}

interface ZipfRun {
  reads: number;
  storeReads: number;
  /** Reads answered by L1 or L2 / reads. */
  hitRate: number;
  perSecond: number;
  /** Must be 0: otherwise the figures describe L1 alone. */
  l2Errors: number;
}

async function run(clients: ReturnType<typeof createRedisClient>[], prefix: string, requests: number, refreshOnWrite: boolean): Promise<ZipfRun> {
  const containers = clients.map((client) => new TwoTierCache({ l2: new RedisL2Store(client), prefix }));
  const random = seededRandom(2026);
  const pick = zipf(1_000, 1.1, random);
  let storeReads = 0;
  let reads = 0;
  let readMisses = 0;
  const load = (market: number) => async () => {
    storeReads += 1;
    return { id: market, price: 50 };
  };
  const started = performance.now();
  for (let i = 0; i < requests; i += 1) {
    const cache = containers[i % containers.length] as TwoTierCache;
    const market = pick();
    const id = String(market);
    if (random() < 0.05) {
      if (refreshOnWrite) await refreshMarket(cache, id, load(market));
      else await cache.invalidate([marketTag(id)]);
      continue;
    }
    reads += 1;
    const result = await cache.getOrLoad(MARKET_DETAIL, id, load(market), { tags: [marketTag(id)] });
    if (result.source === 'loader') readMisses += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const l2Errors = containers.reduce((n, c) => n + c.stats().l2.errors, 0);
  return { reads, storeReads, hitRate: 1 - readMisses / reads, perSecond: requests / seconds, l2Errors };
}
