/** Hit/miss and latency counters of one TwoTierCache (per container). */

export interface LayerStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 when there was no lookup. */
  hitRate: number;
}

export interface LatencyStats {
  count: number;
  avgMs: number;
  maxMs: number;
}

export interface CacheStats {
  l1: LayerStats;
  l2: LayerStats & { errors: number; latency: LatencyStats };
  loader: { calls: number; errors: number; latency: LatencyStats };
  staleServed: number;
  /** Requests answered by L1 or L2 / all requests. */
  overallHitRate: number;
  namespaces: Record<string, { l1: LayerStats; l2: LayerStats; requests: number }>;
}

class Latency {
  private count = 0;
  private total = 0;
  private max = 0;

  record(ms: number): void {
    this.count += 1;
    this.total += ms;
    if (ms > this.max) this.max = ms;
  }

  snapshot(): LatencyStats {
    return { count: this.count, avgMs: this.count === 0 ? 0 : this.total / this.count, maxMs: this.max };
  }
}

interface Counter {
  hits: number;
  misses: number;
}

const rate = (c: Counter): LayerStats => ({ hits: c.hits, misses: c.misses, hitRate: c.hits + c.misses === 0 ? 0 : c.hits / (c.hits + c.misses) });

interface NamespaceCounters {
  l1: Counter;
  l2: Counter;
  requests: number;
}

export class CacheMetrics {
  private readonly l1: Counter = { hits: 0, misses: 0 };
  private readonly l2: Counter = { hits: 0, misses: 0 };
  private l2Errors = 0;
  private loaderCalls = 0;
  private loaderErrors = 0;
  private staleServed = 0;
  private requests = 0;
  private servedFromCache = 0;
  private readonly l2Latency = new Latency();
  private readonly loaderLatency = new Latency();
  private readonly byNamespace = new Map<string, NamespaceCounters>();

  private ns(namespace: string): NamespaceCounters {
    let counters = this.byNamespace.get(namespace);
    if (!counters) {
      counters = { l1: { hits: 0, misses: 0 }, l2: { hits: 0, misses: 0 }, requests: 0 };
      this.byNamespace.set(namespace, counters);
    }
    return counters;
  }

  request(namespace: string): void {
    this.requests += 1;
    this.ns(namespace).requests += 1;
  }

  l1Lookup(namespace: string, hit: boolean): void {
    const key = hit ? 'hits' : 'misses';
    this.l1[key] += 1;
    this.ns(namespace).l1[key] += 1;
  }

  l2Lookup(namespace: string, hit: boolean): void {
    const key = hit ? 'hits' : 'misses';
    this.l2[key] += 1;
    this.ns(namespace).l2[key] += 1;
  }

  l2Call(ms: number, ok: boolean): void {
    this.l2Latency.record(ms);
    if (!ok) this.l2Errors += 1;
  }

  loaderCall(ms: number, ok: boolean): void {
    this.loaderCalls += 1;
    this.loaderLatency.record(ms);
    if (!ok) this.loaderErrors += 1;
  }

  /** One answered request; l1/l2 answers count towards the overall hit rate. */
  served(_namespace: string, source: 'l1' | 'l2' | 'loader' | 'stale'): void {
    if (source === 'l1' || source === 'l2') this.servedFromCache += 1;
  }

  stale(): void {
    this.staleServed += 1;
  }

  snapshot(): CacheStats {
    const namespaces: CacheStats['namespaces'] = {};
    for (const [name, c] of this.byNamespace) namespaces[name] = { l1: rate(c.l1), l2: rate(c.l2), requests: c.requests };
    return {
      l1: rate(this.l1),
      l2: { ...rate(this.l2), errors: this.l2Errors, latency: this.l2Latency.snapshot() },
      loader: { calls: this.loaderCalls, errors: this.loaderErrors, latency: this.loaderLatency.snapshot() },
      staleServed: this.staleServed,
      overallHitRate: this.requests === 0 ? 0 : this.servedFromCache / this.requests,
      namespaces,
    };
  }
}
