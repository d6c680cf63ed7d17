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

/** What happened since the last drain: the cache's share of one invocation's metrics. */
export interface CacheMetricsDelta {
  namespaces: Record<string, { requests: number; l1Hits: number; l1Misses: number; l2Hits: number; l2Misses: number }>;
  l2Errors: number;
  loaderErrors: number;
  staleServed: number;
  /** At most MAX_SAMPLES each: an EMF metric holds at most 100 values. */
  l2LatencyMs: number[];
  loaderLatencyMs: number[];
}

const MAX_SAMPLES = 100;

function emptyDelta(): CacheMetricsDelta {
  return { namespaces: {}, l2Errors: 0, loaderErrors: 0, staleServed: 0, l2LatencyMs: [], loaderLatencyMs: [] };
}

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
  private pending = emptyDelta();

  private pendingNs(namespace: string): CacheMetricsDelta['namespaces'][string] {
    return (this.pending.namespaces[namespace] ??= { requests: 0, l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0 });
  }

  /** Returns and resets what happened since the last drain (for per-invocation metrics). */
  drain(): CacheMetricsDelta {
    const delta = this.pending;
    this.pending = emptyDelta();
    return delta;
  }

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
    this.pendingNs(namespace).requests += 1;
  }

  l1Lookup(namespace: string, hit: boolean): void {
    const key = hit ? 'hits' : 'misses';
    this.l1[key] += 1;
    this.ns(namespace).l1[key] += 1;
    this.pendingNs(namespace)[hit ? 'l1Hits' : 'l1Misses'] += 1;
  }

  l2Lookup(namespace: string, hit: boolean): void {
    const key = hit ? 'hits' : 'misses';
    this.l2[key] += 1;
    this.ns(namespace).l2[key] += 1;
    this.pendingNs(namespace)[hit ? 'l2Hits' : 'l2Misses'] += 1;
  }

  l2Call(ms: number, ok: boolean): void {
    this.l2Latency.record(ms);
    if (this.pending.l2LatencyMs.length < MAX_SAMPLES) this.pending.l2LatencyMs.push(ms);
    if (!ok) {
      this.l2Errors += 1;
      this.pending.l2Errors += 1;
    }
  }

  loaderCall(ms: number, ok: boolean): void {
    this.loaderCalls += 1;
    this.loaderLatency.record(ms);
    if (this.pending.loaderLatencyMs.length < MAX_SAMPLES) this.pending.loaderLatencyMs.push(ms);
    if (!ok) {
      this.loaderErrors += 1;
      this.pending.loaderErrors += 1;
    }
  }

  /** One answered request; l1/l2 answers count towards the overall hit rate. */
  served(_namespace: string, source: 'l1' | 'l2' | 'loader' | 'stale'): void {
    if (source === 'l1' || source === 'l2') this.servedFromCache += 1;
  }

  stale(): void {
    this.staleServed += 1;
    this.pending.staleServed += 1;
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
