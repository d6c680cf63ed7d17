import { afterEach, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../../shared/adapters/clock.js';
import { FORMAT_GZIP_JSON, FORMAT_JSON } from '../../../shared/cache/codec.js';
import { BreakerRegistry } from '../../../shared/resilience/index.js';
import { connectedClient, container, FaultInjectingL2Store, keysUnder, sleep, uniquePrefix, type Container } from './cache-fixtures.js';

const url = inject('redisUrl');
const opened: Container[] = [];

async function open(options: Parameters<typeof container>[1]): Promise<Container> {
  const c = await container(url, options);
  opened.push(c);
  return c;
}

afterEach(() => {
  for (const c of opened.splice(0)) c.client.disconnect();
});

const counting = <T>(value: () => T, delayMs = 0): { loader: () => Promise<T>; calls: () => number } => {
  let calls = 0;
  return {
    loader: async () => {
      calls += 1;
      if (delayMs > 0) await sleep(delayMs);
      return value();
    },
    calls: () => calls,
  };
};

describe('TwoTierCache on a real Redis', () => {
  it('answers from the loader, then L1, and another container from L2; stats count each layer', async () => {
    const prefix = uniquePrefix('layers');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const { loader, calls } = counting(() => ({ price: 0.42 }));

    expect(await a.cache.getOrLoad('markets', 'm1', loader)).toEqual({ value: { price: 0.42 }, degraded: false, source: 'loader' });
    expect(await a.cache.getOrLoad('markets', 'm1', loader)).toMatchObject({ source: 'l1', degraded: false });
    expect(await b.cache.getOrLoad('markets', 'm1', loader)).toEqual({ value: { price: 0.42 }, degraded: false, source: 'l2' });
    expect(await b.cache.getOrLoad('markets', 'm1', loader)).toMatchObject({ source: 'l1' });
    expect(calls()).toBe(1);

    const sa = a.cache.stats();
    expect(sa.l1).toEqual({ hits: 1, misses: 1, hitRate: 0.5 });
    expect(sa.l2).toMatchObject({ hits: 0, misses: 1, errors: 0 });
    expect(sa.loader.calls).toBe(1);
    expect(sa.overallHitRate).toBe(0.5);
    expect(sa.namespaces.markets?.requests).toBe(2);
    expect(sa.l2.latency.count).toBeGreaterThan(0);
    const sb = b.cache.stats();
    expect(sb.l2).toMatchObject({ hits: 1, misses: 0 });
    expect(sb.overallHitRate).toBe(1);
  });

  it('sets the L2 TTL (default 24 h, namespace and call overrides) and expires L1 and L2 entries', async () => {
    const prefix = uniquePrefix('ttl');
    const a = await open({ prefix, namespaces: { quotes: { l2TtlMs: 60_000 }, short: { l1TtlMs: 60, l2TtlMs: 150 } } });
    await a.cache.getOrLoad('markets', 'd', async () => 1);
    await a.cache.getOrLoad('quotes', 'q', async () => 2);
    await a.cache.getOrLoad('quotes', 'c', async () => 3, { l2TtlMs: 5_000 });
    const ttlOf = async (fragment: string): Promise<number> => {
      const [key] = (await keysUnder(a.client, `${prefix}:v:`)).filter((k) => k.includes(fragment));
      if (key === undefined) throw new Error(`no key for ${fragment}`);
      return a.client.pttl(key);
    };
    expect(await ttlOf('{markets:d}@')).toBeGreaterThan(86_400_000 - 10_000);
    expect(await ttlOf('{markets:d}@')).toBeLessThanOrEqual(86_400_000);
    expect(await ttlOf('{quotes:q}@')).toBeGreaterThan(50_000);
    expect(await ttlOf('{quotes:q}@')).toBeLessThanOrEqual(60_000);
    expect(await ttlOf('{quotes:c}@')).toBeLessThanOrEqual(5_000);

    const { loader, calls } = counting(() => 'v');
    await a.cache.getOrLoad('short', 'k', loader);
    expect((await a.cache.getOrLoad('short', 'k', loader)).source).toBe('l1');
    await sleep(90); // L1 (60 ms) expired, L2 (150 ms) not yet
    expect((await a.cache.getOrLoad('short', 'k', loader)).source).toBe('l2');
    await sleep(200); // both expired
    const other = await open({ prefix });
    expect((await other.cache.getOrLoad('short', 'k', loader)).source).toBe('loader');
    expect(calls()).toBe(2);
  });

  it('stores a large value gzip-compressed with a marker byte, small ones plain; both round-trip', async () => {
    const prefix = uniquePrefix('gzip');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const big = { rows: Array.from({ length: 400 }, (_, i) => ({ id: i, outcome: 'YES', price: 0.5 })) };
    const small = { id: 1 };
    await a.cache.getOrLoad('big', 'k', async () => big);
    await a.cache.getOrLoad('small', 'k', async () => small);

    const [bigKey] = await keysUnder(a.client, `${prefix}:v:{big:`);
    const [smallKey] = await keysUnder(a.client, `${prefix}:v:{small:`);
    const bigRaw = await a.client.getBuffer(bigKey ?? 'missing');
    const smallRaw = await a.client.getBuffer(smallKey ?? 'missing');
    expect(bigRaw?.[0]).toBe(FORMAT_GZIP_JSON);
    expect(bigRaw?.length).toBeLessThan(JSON.stringify(big).length / 4);
    expect(smallRaw?.[0]).toBe(FORMAT_JSON);
    expect(smallRaw?.subarray(1).toString('utf8')).toBe(JSON.stringify(small));

    const fail = async (): Promise<never> => {
      throw new Error('must come from L2');
    };
    expect(await b.cache.getOrLoad('big', 'k', fail)).toEqual({ value: big, degraded: false, source: 'l2' });
    expect(await b.cache.getOrLoad('small', 'k', fail)).toEqual({ value: small, degraded: false, source: 'l2' });
  });

  it("sees another container's invalidation within the revalidation interval; the writer sees it at once", async () => {
    const prefix = uniquePrefix('gen');
    const revalidateMs = 100;
    const a = await open({ prefix, revalidateMs });
    const b = await open({ prefix, revalidateMs });
    let version = 1;
    const loader = async (): Promise<number> => version;
    const tags = ['market:7'];
    await a.cache.getOrLoad('markets', '7', loader, { tags });
    expect(await b.cache.getOrLoad('markets', '7', loader, { tags })).toMatchObject({ value: 1, source: 'l2' });
    expect(await b.cache.getOrLoad('markets', '7', loader, { tags })).toMatchObject({ value: 1, source: 'l1' });
    // An untagged entry and one under another tag are not touched by this invalidation.
    await b.cache.getOrLoad('markets', 'other', async () => 'x', { tags: ['market:8'] });

    version = 2;
    expect(await a.cache.invalidate(tags)).toBe(true);
    const invalidatedAt = performance.now();
    expect(await a.cache.getOrLoad('markets', '7', loader, { tags })).toEqual({ value: 2, degraded: false, source: 'loader' });

    let seen: number | undefined;
    while (performance.now() - invalidatedAt < 1000) {
      const r = await b.cache.getOrLoad('markets', '7', loader, { tags });
      if (r.value === 2) {
        seen = performance.now() - invalidatedAt;
        expect(r.source).toBe('l2'); // A's fresh value, not B's loader
        break;
      }
      await sleep(5);
    }
    expect(seen).toBeDefined();
    // Bound: the revalidation interval plus one L2 round trip (slack for a loaded CI box).
    expect(seen).toBeLessThanOrEqual(revalidateMs + 100);
    expect((await b.cache.getOrLoad('markets', 'other', async () => 'y', { tags: ['market:8'] })).source).toBe('l1');
  });

  it('clear() empties what both containers serve and deletes only the app prefix in L2', async () => {
    const prefix = uniquePrefix('clear');
    const revalidateMs = 100;
    const a = await open({ prefix, revalidateMs });
    const b = await open({ prefix, revalidateMs });
    const outsider = `${uniquePrefix('outsider')}:keep`;
    await a.client.set(outsider, 'stays');
    let version = 1;
    const loader = async (): Promise<number> => version;
    for (const key of ['k1', 'k2', 'k3']) {
      await a.cache.getOrLoad('ns', key, loader);
      await b.cache.getOrLoad('ns', key, loader);
    }
    expect((await keysUnder(a.client, `${prefix}:v:`)).length).toBe(3);

    version = 2;
    const cleared = await a.cache.clear();
    expect(cleared).toEqual({ l2Cleared: true, deleted: 3 });
    expect(await keysUnder(a.client, `${prefix}:v:`)).toEqual([]);
    expect(await a.client.get(outsider)).toBe('stays');
    expect(await a.cache.getOrLoad('ns', 'k1', loader)).toMatchObject({ value: 2, source: 'loader' });

    await sleep(revalidateMs + 20);
    for (const key of ['k1', 'k2', 'k3']) expect((await b.cache.getOrLoad('ns', key, loader)).value).toBe(2);
    await a.client.del(outsider);
  });

  it('an open cache breaker keeps request paths off Redis, but an operator clear still reaches it', async () => {
    const prefix = uniquePrefix('breaker');
    const breakers = new BreakerRegistry({ clock: systemClock });
    const guard = <T>(call: () => Promise<T>) => breakers.get('cache').execute(call);
    const a = await open({ prefix });
    await a.cache.getOrLoad('ns', 'k', async () => 'v');
    const guarded = await open({ prefix, guard });
    await breakers.forceOpen('cache');
    expect(await guarded.cache.getOrLoad('ns', 'other', async () => 'loaded')).toMatchObject({ source: 'loader' });
    expect(await keysUnder(a.client, `${prefix}:v:{ns:other}`)).toEqual([]); // nothing written past the open breaker
    expect(await guarded.cache.clear()).toEqual({ l2Cleared: true, deleted: 1 });
    expect(await keysUnder(a.client, `${prefix}:v:`)).toEqual([]);
  });

  it('lease single-flight: 10 concurrent getOrLoad over two containers run the loader once', async () => {
    const prefix = uniquePrefix('lease');
    const a = await open({ prefix });
    const b = await open({ prefix });
    const { loader, calls } = counting(() => ({ heavy: true }), 150);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).cache.getOrLoad('reports', 'daily', loader)),
    );
    expect(calls()).toBe(1);
    for (const r of results) expect(r).toMatchObject({ value: { heavy: true }, degraded: false });
    expect(results.filter((r) => r.source === 'loader')).toHaveLength(5); // the leader's container shares its promise
    expect(results.filter((r) => r.source === 'l2')).toHaveLength(5); // the other container waited for the lease holder
    expect(await keysUnder(a.client, `${prefix}:lease:`)).toEqual([]); // released
  });

  it('a container whose lease expired does not release the lease another container took since', async () => {
    const prefix = uniquePrefix('leasetoken');
    const a = await open({ prefix, leaseMs: 60, leaseWaitAttempts: 0 });
    const b = await open({ prefix, leaseMs: 5_000, leaseWaitAttempts: 0 });
    let releaseB: () => void = () => undefined;
    const first = a.cache.getOrLoad('ns', 'k', async () => {
      await sleep(150); // outlives A's 60 ms lease
      return 'a';
    });
    await sleep(90);
    const second = b.cache.getOrLoad('ns', 'k', () => new Promise<string>((resolve) => (releaseB = () => resolve('b'))));
    await sleep(30);
    expect(await keysUnder(a.client, `${prefix}:lease:`)).toHaveLength(1); // B holds it now
    expect((await first).value).toBe('a');
    expect(await keysUnder(a.client, `${prefix}:lease:`)).toHaveLength(1); // A's release left B's lease alone
    releaseB();
    expect((await second).value).toBe('b');
    expect(await keysUnder(a.client, `${prefix}:lease:`)).toEqual([]);
  });

  it('coalesces concurrent loads of one key in one container, and keeps look-alike keys apart', async () => {
    const prefix = uniquePrefix('coalesce');
    const a = await open({ prefix });
    const { loader, calls } = counting(() => 'once', 50);
    const results = await Promise.all(Array.from({ length: 10 }, () => a.cache.getOrLoad('ns', 'k', loader)));
    expect(calls()).toBe(1);
    expect(new Set(results.map((r) => r.value))).toEqual(new Set(['once']));

    await a.cache.getOrLoad('a', 'b:c', async () => 'first');
    await a.cache.getOrLoad('a:b', 'c', async () => 'second');
    const b = await open({ prefix });
    const never = async (): Promise<never> => {
      throw new Error('must come from L2');
    };
    expect(await b.cache.getOrLoad('a', 'b:c', never)).toMatchObject({ value: 'first', source: 'l2' });
    expect(await b.cache.getOrLoad('a:b', 'c', never)).toMatchObject({ value: 'second', source: 'l2' });
  });

  it('runs the loader itself when the lease holder is slow', async () => {
    const prefix = uniquePrefix('slowlease');
    const a = await open({ prefix, leaseWaitAttempts: 2, leasePollMs: 20 });
    const b = await open({ prefix, leaseWaitAttempts: 2, leasePollMs: 20 });
    let finishSlow: () => void = () => undefined;
    let slowCalls = 0;
    const slow = () => {
      slowCalls += 1;
      return new Promise<string>((resolve) => (finishSlow = () => resolve('slow')));
    };
    const fast = counting(() => 'fast');
    const first = a.cache.getOrLoad('ns', 'k', slow);
    await sleep(30);
    // B gives up waiting on A's lease and loads itself while A's loader is still running.
    expect(await b.cache.getOrLoad('ns', 'k', fast.loader)).toMatchObject({ value: 'fast', source: 'loader' });
    finishSlow();
    expect((await first).value).toBe('slow');
    expect(slowCalls + fast.calls()).toBe(2);
  });

  it('stale-if-error: serves the last value marked degraded; never for namespaces that forbid it', async () => {
    const prefix = uniquePrefix('stale');
    const a = await open({ prefix, namespaces: { balances: { staleIfError: false } } });
    const tags = ['market:1'];
    await a.cache.getOrLoad('markets', '1', async () => ({ p: 1 }), { tags });
    await a.cache.getOrLoad('balances', 'u1', async () => 100, { tags });
    await a.cache.invalidate(tags);
    const broken = async (): Promise<never> => {
      throw new Error('database down');
    };
    expect(await a.cache.getOrLoad('markets', '1', broken, { tags })).toEqual({ value: { p: 1 }, degraded: true, source: 'stale' });
    await expect(a.cache.getOrLoad('balances', 'u1', broken, { tags })).rejects.toThrow('database down');
    await expect(a.cache.getOrLoad('markets', 'never-loaded', broken)).rejects.toThrow('database down');
    expect(a.cache.stats().staleServed).toBe(1);
    expect(a.cache.stats().loader.errors).toBe(3);
    // Recovery: the next successful load replaces the stale value.
    expect(await a.cache.getOrLoad('markets', '1', async () => ({ p: 2 }), { tags })).toMatchObject({ value: { p: 2 }, degraded: false, source: 'loader' });
  });

  it('a hanging or failing L2 never becomes a user error: bounded by the timeout, falls through to the loader', async () => {
    const prefix = uniquePrefix('faults');
    let faulty: FaultInjectingL2Store | undefined;
    const a = await open({
      prefix,
      l2TimeoutMs: 40,
      revalidateMs: 50,
      wrap: (s) => (faulty = new FaultInjectingL2Store(s)),
    });
    if (!faulty) throw new Error('wrapper not installed');
    const injected = faulty;
    await a.cache.getOrLoad('ns', 'warm', async () => 'warm');

    injected.mode = 'hang';
    await sleep(60);
    expect(await a.cache.getOrLoad('ns', 'cold', async () => 'from-loader')).toEqual({ value: 'from-loader', degraded: false, source: 'loader' });
    // The generations cannot be re-read, so the L1 entry cannot be trusted: the loader answers.
    expect(await a.cache.getOrLoad('ns', 'warm', async () => 'other')).toMatchObject({ value: 'other', source: 'loader' });

    injected.mode = 'throw';
    await sleep(60);
    expect((await a.cache.getOrLoad('ns', 'cold2', async () => 'loader-2')).value).toBe('loader-2');
    expect(await a.cache.invalidate(['market:1'])).toBe(false);
    expect((await a.cache.clear()).l2Cleared).toBe(false);
    expect(a.cache.stats().l2.errors).toBeGreaterThan(0);

    injected.mode = 'pass';
    const check = await connectedClient(url);
    await sleep(60);
    await a.cache.getOrLoad('ns', 'after', async () => 'back');
    expect((await keysUnder(check, `${prefix}:v:{ns:after}@`)).length).toBe(1);
    check.disconnect();
  });
});
