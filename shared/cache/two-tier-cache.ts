import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';
import { CacheMetrics, type CacheMetricsDelta, type CacheStats } from './cache-stats.js';
import { decodeValue, DEFAULT_COMPRESSION_THRESHOLD_BYTES, encodeValue } from './codec.js';
import type { L2Store } from './l2-store.js';

export type CacheSource = 'l1' | 'l2' | 'loader' | 'stale';

export interface CacheResult<T> {
  value: T;
  /** True when the value is a stale fallback served because the loader failed. */
  degraded: boolean;
  source: CacheSource;
}

export interface NamespacePolicy {
  l1TtlMs?: number;
  l2TtlMs?: number;
  /** Serve the last value when the loader throws (default true; false for balances, orders, positions). */
  staleIfError?: boolean;
}

export interface TwoTierCacheOptions {
  l2: L2Store;
  /** false: every getOrLoad calls its loader (the cache-off baseline; an operator's bypass). */
  enabled?: boolean;
  /** Runs every L2 call (the `cache` circuit breaker); a refusal is handled like any L2 failure. */
  guard?: <T>(call: () => Promise<T>) => Promise<T>;
  /** App prefix of every L2 key; `clear()` deletes what lives under it. */
  prefix?: string;
  l1Max?: number;
  l1TtlMs?: number;
  l2TtlMs?: number;
  namespaces?: Readonly<Record<string, NamespacePolicy>>;
  /** How long this container trusts its view of the generations before re-reading them (1..1000 ms). */
  revalidateMs?: number;
  compressionThresholdBytes?: number;
  /** Upper bound of one L2 call on the request path. */
  l2TimeoutMs?: number;
  /** Upper bound of the SCAN + UNLINK of `clear()`. */
  clearTimeoutMs?: number;
  leaseMs?: number;
  leaseWaitAttempts?: number;
  leasePollMs?: number;
  /** How long the last value stays available for stale-if-error. */
  staleGraceMs?: number;
}

export interface GetOrLoadOptions {
  /** Invalidation tags the value depends on, e.g. `market:<id>`. */
  tags?: readonly string[];
  l1TtlMs?: number;
  l2TtlMs?: number;
  staleIfError?: boolean;
}

export const CACHE_DEFAULTS = {
  enabled: true,
  prefix: 'fundcast:cache',
  l1Max: 500,
  l1TtlMs: 300_000,
  l2TtlMs: 86_400_000,
  revalidateMs: 500,
  l2TimeoutMs: 50,
  clearTimeoutMs: 5_000,
  leaseMs: 3_000,
  leaseWaitAttempts: 5,
  leasePollMs: 50,
  staleGraceMs: 300_000,
} as const;

/** Generation of a key this container could not read (L2 down): never equal to a real one. */
const UNKNOWN_GENERATION = -1;

interface L2CallOptions {
  timeoutMs?: number;
  /** false for operator actions, which must not be refused by an open breaker. */
  breaker?: boolean;
}

type Guarded<R> = { ok: true; value: R } | { ok: false };

interface L1Entry {
  value: unknown;
  /** Generation signature (gen keys + values) the value was built from. */
  signature: string;
  tags: readonly string[];
}

interface GenerationView {
  value: number;
  checkedAt: number;
}

/**
 * Where an absent generation starts: microseconds since the epoch, so a key lost to a Redis restart
 * or eviction comes back far above any number it had before and no old L1 entry matches it again.
 */
const generationSeed = (): number => Date.now() * 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * L1 (in-container LRU) over L2 (shared store behind the L2Store port) over a loader.
 * Invalidation without a bus: generation counters per tag and one global generation live in L2;
 * L2 keys embed the generations they were built from and L1 entries remember theirs; each
 * container re-reads the generations at most every `revalidateMs`, so another container's
 * write is seen within that bound and the writer sees its own write at once.
 */
export class TwoTierCache {
  private readonly l2: L2Store;
  private readonly prefix: string;
  private readonly l1: LRUCache<string, L1Entry>;
  private readonly stale: LRUCache<string, { value: unknown }>;
  private readonly metrics = new CacheMetrics();
  private readonly generationsView = new Map<string, GenerationView>();
  private readonly generationRefreshes = new Map<string, Promise<void>>();
  private readonly inflight = new Map<string, Promise<CacheResult<unknown>>>();
  private readonly o: Required<Omit<TwoTierCacheOptions, 'l2' | 'namespaces' | 'guard'>>;
  private readonly namespaces: Readonly<Record<string, NamespacePolicy>>;
  private readonly guard: <T>(call: () => Promise<T>) => Promise<T>;

  constructor(options: TwoTierCacheOptions) {
    this.l2 = options.l2;
    this.guard = options.guard ?? ((call) => call());
    this.namespaces = options.namespaces ?? {};
    this.o = {
      ...CACHE_DEFAULTS,
      compressionThresholdBytes: DEFAULT_COMPRESSION_THRESHOLD_BYTES,
      ...stripUndefined(options),
    };
    if (!(this.o.revalidateMs > 0 && this.o.revalidateMs <= 1000)) throw new RangeError('revalidateMs must be in (0, 1000]');
    this.prefix = this.o.prefix;
    this.l1 = new LRUCache<string, L1Entry>({ max: this.o.l1Max, ttl: this.o.l1TtlMs });
    this.stale = new LRUCache<string, { value: unknown }>({ max: this.o.l1Max, ttl: this.o.staleGraceMs });
  }

  async getOrLoad<T>(namespace: string, key: string, loader: () => Promise<T>, options: GetOrLoadOptions = {}): Promise<CacheResult<T>> {
    this.metrics.request(namespace);
    if (!this.o.enabled) return this.bypass(namespace, loader);
    const tags = [...new Set(options.tags ?? [])].sort();
    const genKeys = [this.globalGenKey(), ...tags.map((tag) => this.tagGenKey(tag))];
    const gens = await this.generations(genKeys);
    const signature = genKeys.map((k, i) => `${k}=${String(gens[i])}`).join('|');
    const l1Key = `${namespace}\u0000${key}`;

    const entry = this.l1.get(l1Key);
    if (entry && entry.signature === signature) {
      this.metrics.l1Lookup(namespace, true);
      this.metrics.served(namespace, 'l1');
      return { value: entry.value as T, degraded: false, source: 'l1' };
    }
    this.metrics.l1Lookup(namespace, false);

    // The namespace is URI-encoded (no raw ':') and the generations never contain '@': keys cannot collide.
    // The {…} hash tag keeps a value and its lease in one cluster slot.
    const dataKey = `${this.prefix}:v:{${encodeURIComponent(namespace)}:${key}}@${gens.join('.')}`;
    let pending = this.inflight.get(dataKey);
    if (!pending) {
      const known = !gens.includes(UNKNOWN_GENERATION);
      pending = this.loadThrough(namespace, l1Key, dataKey, signature, tags, known, loader, options).finally(() => {
        this.inflight.delete(dataKey);
      });
      this.inflight.set(dataKey, pending);
    }
    const result = (await pending) as CacheResult<T>;
    this.metrics.served(namespace, result.source);
    return result;
  }

  /**
   * Bumps the generation of each tag in L2 and in this container's view (the writer sees its own
   * write at once; others within `revalidateMs`). Resolves false when L2 could not be updated
   * (then only this container's L1 is invalidated).
   */
  async invalidate(tags: readonly string[]): Promise<boolean> {
    const unique = [...new Set(tags)];
    const results = await Promise.all(unique.map((tag) => this.bump(this.tagGenKey(tag))));
    const tagSet = new Set(unique);
    for (const [k, entry] of this.l1.entries()) if (entry.tags.some((t) => tagSet.has(t))) this.l1.delete(k);
    return results.every(Boolean);
  }

  /**
   * Clears every layer everywhere: bumps the global generation, empties L1, SCAN+UNLINKs the app's
   * L2 values. The stale-if-error copies stay: they are only ever served, flagged, when the store
   * fails, and an operator clearing the cache during an outage should not turn reads into 503s.
   */
  async clear(): Promise<{ l2Cleared: boolean; deleted: number }> {
    // An operator's action, not a request path: it gets the long timeout and is not refused by the
    // `cache` breaker, which may well be open because Redis was slow (the reason to clear).
    const operator = { timeoutMs: this.o.clearTimeoutMs, breaker: false };
    const bumped = await this.bump(this.globalGenKey(), operator);
    this.l1.clear();
    const deleted = await Promise.all([
      this.guardedL2((s) => s.scanDelete(`${this.prefix}:v:`), operator),
      this.guardedL2((s) => s.scanDelete(`${this.prefix}:lease:`), operator),
    ]);
    const ok = deleted.every((d) => d.ok);
    return { l2Cleared: bumped && ok, deleted: deleted.reduce((n, d) => n + (d.ok ? d.value : 0), 0) };
  }

  private async bypass<T>(namespace: string, loader: () => Promise<T>): Promise<CacheResult<T>> {
    const started = performance.now();
    try {
      const value = await loader();
      this.metrics.loaderCall(performance.now() - started, true);
      this.metrics.served(namespace, 'loader');
      return { value, degraded: false, source: 'loader' };
    } catch (error) {
      this.metrics.loaderCall(performance.now() - started, false);
      throw error;
    }
  }

  stats(): CacheStats {
    return this.metrics.snapshot();
  }

  /** What happened since the last call: published as metrics once per invocation. */
  drainMetrics(): CacheMetricsDelta {
    return this.metrics.drain();
  }

  private globalGenKey(): string {
    return `${this.prefix}:gen:global`;
  }

  private tagGenKey(tag: string): string {
    return `${this.prefix}:gen:t:${tag}`;
  }

  private policy(namespace: string, options: GetOrLoadOptions): Required<NamespacePolicy> {
    const ns = this.namespaces[namespace] ?? {};
    return {
      l1TtlMs: options.l1TtlMs ?? ns.l1TtlMs ?? this.o.l1TtlMs,
      l2TtlMs: options.l2TtlMs ?? ns.l2TtlMs ?? this.o.l2TtlMs,
      staleIfError: options.staleIfError ?? ns.staleIfError ?? true,
    };
  }

  private async bump(genKey: string, call?: L2CallOptions): Promise<boolean> {
    const r = await this.guardedL2((s) => s.bumpGeneration(genKey, generationSeed()), call);
    if (r.ok) {
      // INCR's answer is the newest value there is; a refresh that read before it must not roll it back.
      this.generationsView.set(genKey, { value: r.value, checkedAt: performance.now() });
      return true;
    }
    // L2 unreachable: forget this view so the next read re-checks instead of trusting it.
    this.generationsView.set(genKey, { value: UNKNOWN_GENERATION, checkedAt: 0 });
    return false;
  }

  private async generations(genKeys: readonly string[]): Promise<number[]> {
    const now = performance.now();
    const due = genKeys.filter((k) => {
      const view = this.generationsView.get(k);
      return !view || now - view.checkedAt >= this.o.revalidateMs;
    });
    if (due.length > 0) await Promise.all(due.map((k) => this.refreshGeneration(k)));
    return genKeys.map((k) => this.generationsView.get(k)?.value ?? UNKNOWN_GENERATION);
  }

  private refreshGeneration(genKey: string): Promise<void> {
    let pending = this.generationRefreshes.get(genKey);
    if (!pending) {
      pending = (async () => {
        const started = performance.now();
        const r = await this.guardedL2((s) => s.generation(genKey, generationSeed()));
        const latest = this.generationsView.get(genKey);
        // Our own bump landed while this read was in flight: its value is newer than what we read.
        if (latest && latest.checkedAt > started) return;
        // L2 down: the generation is unknown, so nothing built before can be trusted (see loadThrough).
        const value = r.ok && Number.isSafeInteger(r.value) ? r.value : UNKNOWN_GENERATION;
        this.generationsView.set(genKey, { value, checkedAt: performance.now() });
      })().finally(() => this.generationRefreshes.delete(genKey));
      this.generationRefreshes.set(genKey, pending);
    }
    return pending;
  }

  private async loadThrough<T>(
    namespace: string,
    l1Key: string,
    dataKey: string,
    signature: string,
    tags: readonly string[],
    l2Usable: boolean,
    loader: () => Promise<T>,
    options: GetOrLoadOptions,
  ): Promise<CacheResult<unknown>> {
    const policy = this.policy(namespace, options);
    const remember = (value: unknown): void => {
      // Built while the generations were unknown (L2 down): kept only until the next revalidation,
      // since no other container's write could be seen meanwhile.
      const ttl = l2Usable ? policy.l1TtlMs : Math.min(policy.l1TtlMs, this.o.revalidateMs);
      this.l1.set(l1Key, { value, signature, tags }, { ttl });
      if (policy.staleIfError) this.stale.set(l1Key, { value });
    };

    let lease: { key: string; token: string } | undefined;
    const releaseLease = async (): Promise<void> => {
      const held = lease;
      lease = undefined;
      if (held) await this.guardedL2((s) => s.releaseLease(held.key, held.token));
    };
    if (l2Usable) {
      const found = await this.readL2(dataKey);
      this.metrics.l2Lookup(namespace, found !== undefined);
      if (found !== undefined) {
        remember(found.value);
        return { value: found.value, degraded: false, source: 'l2' };
      }
      const candidate = { key: `${this.prefix}:lease:${dataKey.slice(this.prefix.length + 3)}`, token: randomUUID() };
      const acquired = await this.guardedL2((s) => s.setNx(candidate.key, candidate.token, this.o.leaseMs));
      if (acquired.ok && acquired.value) {
        lease = candidate;
        // Double-check: the previous holder may have written the value just before we got the lease.
        const again = await this.readL2(dataKey);
        if (again !== undefined) {
          await releaseLease();
          remember(again.value);
          return { value: again.value, degraded: false, source: 'l2' };
        }
      } else if (acquired.ok) {
        // Another container is loading: wait briefly for its value, else load ourselves.
        for (let attempt = 0; attempt < this.o.leaseWaitAttempts; attempt += 1) {
          await sleep(this.o.leasePollMs);
          const polled = await this.readL2(dataKey);
          if (polled !== undefined) {
            remember(polled.value);
            return { value: polled.value, degraded: false, source: 'l2' };
          }
        }
      }
    }

    const started = performance.now();
    let value: T;
    try {
      value = await loader();
      this.metrics.loaderCall(performance.now() - started, true);
    } catch (error) {
      this.metrics.loaderCall(performance.now() - started, false);
      await releaseLease();
      const last = policy.staleIfError ? this.stale.get(l1Key) : undefined;
      if (last) {
        this.metrics.stale();
        return { value: last.value, degraded: true, source: 'stale' };
      }
      throw error;
    }

    remember(value);
    if (l2Usable) {
      let encoded: Buffer | undefined;
      try {
        encoded = await encodeValue(value, this.o.compressionThresholdBytes);
      } catch {
        encoded = undefined; // not JSON-serialisable: L1 only
      }
      if (encoded !== undefined) {
        const bytes = encoded;
        await this.guardedL2((s) => s.set(dataKey, bytes, policy.l2TtlMs));
      }
      await releaseLease();
    }
    return { value, degraded: false, source: 'loader' };
  }

  /** The decoded L2 value; undefined on a miss, an L2 failure or an undecodable payload. */
  private async readL2(dataKey: string): Promise<{ value: unknown } | undefined> {
    const r = await this.guardedL2((s) => s.get(dataKey));
    if (!r.ok || r.value === undefined) return undefined;
    try {
      return { value: await decodeValue(r.value) };
    } catch {
      return undefined;
    }
  }

  /**
   * The ONLY way this class touches L2: bounded by a timeout, never throws, records latency and
   * errors. The `cache` circuit breaker wraps `op(this.l2)` here (request paths only).
   */
  private async guardedL2<R>(op: (store: L2Store) => Promise<R>, call: L2CallOptions = {}): Promise<Guarded<R>> {
    const { timeoutMs = this.o.l2TimeoutMs, breaker = true } = call;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`L2 call timed out after ${String(timeoutMs)} ms`)), timeoutMs);
      });
      // The timeout runs inside the guard, so the `cache` breaker counts a slow Redis as a failure.
      const attempt = () => Promise.race([op(this.l2), timeout]);
      const value = await (breaker ? this.guard(attempt) : attempt());
      this.metrics.l2Call(performance.now() - started, true);
      return { ok: true, value };
    } catch {
      this.metrics.l2Call(performance.now() - started, false);
      return { ok: false };
    } finally {
      clearTimeout(timer);
    }
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k !== 'l2' && k !== 'namespaces' && k !== 'guard')) as Partial<T>;
}
