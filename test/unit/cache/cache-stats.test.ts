import { describe, expect, it } from 'vitest';
import { escapeGlob } from '../../../shared/adapters/redis/l2-store.js';
import { CacheMetrics } from '../../../shared/cache/cache-stats.js';
import { TwoTierCache } from '../../../shared/cache/two-tier-cache.js';

describe('CacheMetrics', () => {
  it('reports zero rates before any lookup', () => {
    const s = new CacheMetrics().snapshot();
    expect(s.l1).toEqual({ hits: 0, misses: 0, hitRate: 0 });
    expect(s.overallHitRate).toBe(0);
    expect(s.l2.latency).toEqual({ count: 0, avgMs: 0, maxMs: 0 });
  });

  it('counts per layer and per namespace, and latencies', () => {
    const m = new CacheMetrics();
    for (const [ns, source] of [
      ['a', 'l1'],
      ['a', 'l2'],
      ['b', 'loader'],
      ['b', 'stale'],
    ] as const) {
      m.request(ns);
      m.l1Lookup(ns, source === 'l1');
      if (source !== 'l1') m.l2Lookup(ns, source === 'l2');
      m.served(ns, source);
    }
    m.l2Call(10, true);
    m.l2Call(30, false);
    m.loaderCall(5, true);
    const s = m.snapshot();
    expect(s.l1).toEqual({ hits: 1, misses: 3, hitRate: 0.25 });
    expect(s.l2).toMatchObject({ hits: 1, misses: 2, errors: 1, latency: { count: 2, avgMs: 20, maxMs: 30 } });
    expect(s.overallHitRate).toBe(0.5);
    expect(s.namespaces.a).toEqual({ l1: { hits: 1, misses: 1, hitRate: 0.5 }, l2: { hits: 1, misses: 0, hitRate: 1 }, requests: 2 });
    expect(s.loader).toEqual({ calls: 1, errors: 0, latency: { count: 1, avgMs: 5, maxMs: 5 } });
  });
});

describe('TwoTierCache options', () => {
  const l2 = {
    get: () => Promise.reject(new Error('unused')),
    set: () => Promise.reject(new Error('unused')),
    del: () => Promise.reject(new Error('unused')),
    generation: () => Promise.reject(new Error('unused')),
    bumpGeneration: () => Promise.reject(new Error('unused')),
    setNx: () => Promise.reject(new Error('unused')),
    releaseLease: () => Promise.reject(new Error('unused')),
    scanDelete: () => Promise.reject(new Error('unused')),
  };
  it('refuses a revalidation interval outside (0, 1000] ms', () => {
    expect(() => new TwoTierCache({ l2, revalidateMs: 1001 })).toThrow(RangeError);
    expect(() => new TwoTierCache({ l2, revalidateMs: 0 })).toThrow(RangeError);
    expect(() => new TwoTierCache({ l2, revalidateMs: 1000 })).not.toThrow();
  });
});

describe('escapeGlob', () => {
  it('escapes SCAN MATCH metacharacters', () => {
    expect(escapeGlob('app:[x]*?\\')).toBe('app:\\[x\\]\\*\\?\\\\');
  });
});
