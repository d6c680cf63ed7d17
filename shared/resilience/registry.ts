import { randomUUID } from 'node:crypto';
import type { Clock } from '../adapters/clock.js';
import { type BreakerListener, type BreakerSnapshot, CircuitBreaker, type FailureClassifier } from './circuit-breaker.js';
import { UnknownBreakerError } from './errors.js';
import { BREAKER_SETTINGS, type BreakerSettings } from './settings.js';
import type { BreakerStateStore, SharedStateOptions } from './shared-state.js';

export interface BreakerRegistryOptions {
  readonly clock: Clock;
  /** Defaults to BREAKER_SETTINGS. */
  readonly settings?: Readonly<Record<string, BreakerSettings>>;
  /** The breaker table; without it every breaker is local to this container. */
  readonly store?: BreakerStateStore;
  /** This container's id in probe leases; a random one by default. */
  readonly owner?: string;
  /** Default 1000 ms. */
  readonly cacheTtlMs?: number;
  /** Default 500 ms: a breaker-table call slower than this counts as unreachable. */
  readonly storeTimeoutMs?: number;
  readonly classifiers?: Readonly<Record<string, FailureClassifier>>;
  readonly log?: SharedStateOptions['log'];
}

const DEFAULT_CACHE_TTL_MS = 1_000;
const DEFAULT_STORE_TIMEOUT_MS = 500;

/** Every breaker of a container, built once at cold start from the settings table. */
export class BreakerRegistry {
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #listeners = new Set<BreakerListener>();

  constructor(options: BreakerRegistryOptions) {
    const owner = options.owner ?? randomUUID();
    const settings = options.settings ?? BREAKER_SETTINGS;
    for (const [name, config] of Object.entries(settings)) {
      const classifier = options.classifiers?.[name];
      const breaker = new CircuitBreaker({
        name,
        config,
        clock: options.clock,
        ...(classifier ? { isFailure: classifier } : {}),
        ...(options.store
          ? {
              shared: {
                store: options.store,
                owner,
                cacheTtlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
                storeTimeoutMs: options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
                ...(options.log ? { log: options.log } : {}),
              },
            }
          : {}),
      });
      breaker.onTransition((event) => this.#listeners.forEach((listener) => listener(event)));
      this.#breakers.set(name, breaker);
    }
  }

  /** The breaker of that dependency; UnknownBreakerError (→ 404) for any other name. */
  get(name: string): CircuitBreaker {
    const breaker = this.#breakers.get(name);
    if (breaker === undefined) throw new UnknownBreakerError(name);
    return breaker;
  }

  names(): string[] {
    return [...this.#breakers.keys()];
  }

  /** What this container currently believes about each breaker (shared state as of its last read). */
  snapshots(): BreakerSnapshot[] {
    return [...this.#breakers.values()].map((breaker) => breaker.snapshot());
  }

  /**
   * Like snapshots(), after re-reading any shared state older than the read cache: a container
   * that never called a dependency still reports what the others decided.
   */
  async currentSnapshots(): Promise<BreakerSnapshot[]> {
    await Promise.all([...this.#breakers.values()].map((breaker) => breaker.refresh()));
    return this.snapshots();
  }

  async reset(name: string): Promise<BreakerSnapshot> {
    const breaker = this.get(name);
    await breaker.reset();
    return breaker.snapshot();
  }

  async forceOpen(name: string): Promise<BreakerSnapshot> {
    const breaker = this.get(name);
    await breaker.forceOpen();
    return breaker.snapshot();
  }

  async disable(name: string): Promise<BreakerSnapshot> {
    const breaker = this.get(name);
    await breaker.disable();
    return breaker.snapshot();
  }

  /** Hears every breaker's transitions; returns its removal. */
  onTransition(listener: BreakerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
