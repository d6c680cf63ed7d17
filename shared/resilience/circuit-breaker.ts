import type { Clock } from '../adapters/clock.js';
import { BreakerMachine, type BreakerState, BreakerStates, type BreakerTransition, type MachineConfig, type Permission } from './breaker-machine.js';
import { BreakerOpenError, CallTimeoutError } from './errors.js';
import { isDependencyFailure } from './failures.js';
import { SharedBreakerSync, type SharedStateOptions } from './shared-state.js';
import { withTimeout } from './timeout.js';

/** A transition of one breaker, for metrics and logs. */
export interface BreakerEvent extends BreakerTransition {
  readonly breaker: string;
}
export type BreakerListener = (event: BreakerEvent) => void;

/** Decides whether an error says the dependency is failing (true) or the caller asked for something wrong (false). */
export type FailureClassifier = (error: unknown) => boolean;

export interface FallbackContext {
  /** `open`: the call was not made; `failure`: it was made and failed as a dependency failure. */
  readonly reason: 'open' | 'failure';
  readonly error: unknown;
}

export interface ExecuteOptions<T> {
  /** Answers instead of the dependency; callers mark such answers as degraded. Caller errors are never replaced. */
  readonly fallback?: (context: FallbackContext) => T | Promise<T>;
}

export interface CircuitBreakerOptions {
  readonly name: string;
  readonly config: MachineConfig;
  readonly clock: Clock;
  readonly isFailure?: FailureClassifier;
  /** Shares the state with other containers through the breaker table; local-only without it. */
  readonly shared?: SharedStateOptions;
}

export interface BreakerSnapshot {
  readonly name: string;
  readonly state: BreakerState;
  /** Percent of the calls in the window. */
  readonly failureRate: number;
  readonly slowCallRate: number;
  readonly calls: number;
  readonly openUntil: number | undefined;
  /** The breaker table's version this container last saw (0 without shared state). */
  readonly version: number;
  readonly lastTransitionAt: number | undefined;
  /** False while this container runs on local state because the breaker table is unreachable. */
  readonly sharedStateReachable: boolean;
}

/** Guards calls to one dependency. */
export class CircuitBreaker {
  readonly name: string;
  readonly #machine: BreakerMachine;
  readonly #clock: Clock;
  readonly #isFailure: FailureClassifier;
  readonly #sync: SharedBreakerSync | undefined;
  readonly #listeners = new Set<BreakerListener>();

  constructor(options: CircuitBreakerOptions) {
    this.name = options.name;
    this.#machine = new BreakerMachine(options.config);
    this.#clock = options.clock;
    this.#isFailure = options.isFailure ?? isDependencyFailure;
    this.#sync = options.shared ? new SharedBreakerSync(options.name, this.#machine, options.shared) : undefined;
  }

  get state(): BreakerState {
    return this.#machine.state;
  }

  /** Re-reads the shared state when this container's copy is older than the read cache allows. */
  async refresh(): Promise<void> {
    const now = this.#clock.now();
    if (this.#sync?.isStale(now)) await this.#sync.refresh(now);
  }

  /**
   * Runs `fn` when the breaker permits it and records how it went. When the breaker refuses, throws
   * BreakerOpenError (or answers with the fallback); a dependency failure is rethrown (or answered
   * with the fallback); an error that is not a dependency failure is always rethrown.
   */
  async execute<T>(fn: () => T | Promise<T>, options?: ExecuteOptions<T>): Promise<T> {
    const now = this.#clock.now();
    const permission = this.#sync === undefined ? this.#machine.tryAcquire(now) : await this.#acquireShared(now, this.#sync);
    const settling = this.#settle(now);
    if (settling !== undefined) await settling;
    if (!permission.allowed) {
      const error = new BreakerOpenError(this.name, Math.max(1, Math.ceil(permission.retryAfterMs / 1000)));
      if (options?.fallback) return options.fallback({ reason: 'open', error });
      throw error;
    }
    const { permit } = permission;
    let result: T;
    try {
      const work = fn();
      result = permit.probe ? await withTimeout(Promise.resolve(work), this.#machine.config.probeTimeoutMs, `${this.name} probe`) : await work;
    } catch (error) {
      const failed = error instanceof CallTimeoutError || this.#isFailure(error);
      const recording = this.#record(permit, failed);
      if (recording !== undefined) await recording;
      if (failed && options?.fallback) return options.fallback({ reason: 'failure', error });
      throw error;
    }
    const recording = this.#record(permit, false);
    if (recording !== undefined) await recording;
    return result;
  }

  /** Adds a transition listener; returns its removal. */
  onTransition(listener: BreakerListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  snapshot(): BreakerSnapshot {
    const machine = this.#machine.snapshot();
    return {
      name: this.name,
      state: machine.state,
      failureRate: machine.failureRate,
      slowCallRate: machine.slowCallRate,
      calls: machine.calls,
      openUntil: machine.openUntil,
      version: this.#sync?.version ?? 0,
      lastTransitionAt: machine.lastTransitionAt,
      sharedStateReachable: this.#sync?.reachable ?? true,
    };
  }

  /** Operator: back to CLOSED with an empty window, for every container. */
  reset(): Promise<void> {
    return this.#command(BreakerStates.closed);
  }

  /** Operator: refuse every call until reset. */
  forceOpen(): Promise<void> {
    return this.#command(BreakerStates.forcedOpen);
  }

  /** Operator: let every call through and record nothing until reset. */
  disable(): Promise<void> {
    return this.#command(BreakerStates.disabled);
  }

  async #acquireShared(now: number, sync: SharedBreakerSync): Promise<Permission> {
    if (sync.isStale(now)) await sync.refresh(now);
    if (sync.shouldClaim(now)) await sync.claimProbe(now);
    const wait = sync.refusal(now);
    return wait === undefined ? this.#machine.tryAcquire(now) : { allowed: false, retryAfterMs: wait };
  }

  #record(permit: Parameters<BreakerMachine['record']>[0], failed: boolean): Promise<void> | undefined {
    const done = this.#clock.now();
    this.#machine.record(permit, { failed, slow: done - permit.startedAt > this.#machine.config.slowCallDurationMs }, done);
    return this.#settle(done);
  }

  /** Tells listeners about new transitions and writes them to the table; nothing to await on the usual path. */
  #settle(now: number): Promise<void> | undefined {
    return this.#emit() ? this.#sync?.publish(now) : undefined;
  }

  #emit(): boolean {
    const transitions = this.#machine.takeTransitions();
    if (transitions.length === 0) return false;
    for (const transition of transitions) {
      for (const listener of this.#listeners) {
        try {
          listener({ breaker: this.name, ...transition });
        } catch {
          // A broken metrics listener must not turn a good call into a failed one.
        }
      }
    }
    return true;
  }

  async #command(state: typeof BreakerStates.closed | typeof BreakerStates.forcedOpen | typeof BreakerStates.disabled): Promise<void> {
    const now = this.#clock.now();
    try {
      if (this.#sync !== undefined) await this.#sync.command(state, now);
      else if (state === BreakerStates.closed) this.#machine.reset(now);
      else if (state === BreakerStates.forcedOpen) this.#machine.forceOpen(now);
      else this.#machine.disable(now);
    } finally {
      // The command itself wrote the table (or could not); listeners still hear of the change.
      this.#emit();
    }
  }
}
