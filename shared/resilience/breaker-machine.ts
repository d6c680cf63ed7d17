/**
 * The circuit-breaker state machine (resilience4j semantics), pure: no timers, no I/O; every
 * method that depends on time takes `now` (epoch ms). CircuitBreaker drives it and shared-state
 * sync feeds it the states other containers decided.
 */

export const BreakerStates = {
  closed: 'CLOSED',
  open: 'OPEN',
  halfOpen: 'HALF_OPEN',
  forcedOpen: 'FORCED_OPEN',
  disabled: 'DISABLED',
} as const;
export type BreakerState = (typeof BreakerStates)[keyof typeof BreakerStates];

export const TransitionReasons = {
  failureRate: 'failure_rate',
  slowCallRate: 'slow_call_rate',
  recoveryTimeout: 'recovery_timeout',
  probesSucceeded: 'probes_succeeded',
  probeFailed: 'probe_failed',
  probeTimeout: 'probe_timeout',
  operator: 'operator',
  shared: 'shared_state',
} as const;
export type TransitionReason = (typeof TransitionReasons)[keyof typeof TransitionReasons];

export interface BreakerTransition {
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly reason: TransitionReason;
  readonly at: number;
}

/** A finished call: a slow call may also have failed; each rate counts it. */
export interface CallOutcome {
  readonly failed: boolean;
  readonly slow: boolean;
}

export interface MachineConfig {
  /** Outcomes kept in the count-based rolling window. */
  readonly windowSize: number;
  /** No rule trips before the window holds this many outcomes. */
  readonly minimumCalls: number;
  /** A rule trips only on at least this many calls of its kind (failures, or slow calls) in the window. */
  readonly failureThreshold: number;
  /** Percent, 0–100: open at failures / calls ≥ this. */
  readonly failureRateThreshold: number;
  /** Percent, 0–100: open at slow calls / calls ≥ this. */
  readonly slowCallRateThreshold: number;
  readonly slowCallDurationMs: number;
  readonly recoveryTimeoutMs: number;
  /** Each re-open straight from HALF_OPEN multiplies the wait; 1 turns back-off off. */
  readonly backoffMultiplier: number;
  readonly maxRecoveryTimeoutMs: number;
  readonly halfOpenProbes: number;
  /** A probe that has not reported by then counts as failed. */
  readonly probeTimeoutMs: number;
}

/** Proof that a call was let through; stale permits (from before a transition) are ignored on record. */
export interface Permit {
  readonly generation: number;
  readonly probe: boolean;
  readonly id: number;
  readonly startedAt: number;
}

export type Permission = { readonly allowed: true; readonly permit: Permit } | { readonly allowed: false; readonly retryAfterMs: number };

/** The part of the state other containers can impose (through the shared table). */
export interface AdoptedState {
  readonly state: BreakerState;
  readonly openUntil?: number;
  readonly reopenCount?: number;
}

export interface MachineSnapshot {
  readonly state: BreakerState;
  readonly calls: number;
  readonly failures: number;
  readonly slowCalls: number;
  /** Percent of the calls in the window; 0 when empty. */
  readonly failureRate: number;
  readonly slowCallRate: number;
  readonly openUntil: number | undefined;
  readonly reopenCount: number;
  readonly lastTransitionAt: number | undefined;
}

const FAILED = 1;
const SLOW = 2;

/** Which rule, if any, the counts trip; integer maths so 50 % of 10 is exactly 5. */
export function trippedBy(config: MachineConfig, calls: number, failures: number, slowCalls: number): TransitionReason | undefined {
  if (calls < config.minimumCalls || calls === 0) return undefined;
  if (failures >= config.failureThreshold && failures * 100 >= config.failureRateThreshold * calls) return TransitionReasons.failureRate;
  if (slowCalls >= config.failureThreshold && slowCalls * 100 >= config.slowCallRateThreshold * calls) return TransitionReasons.slowCallRate;
  return undefined;
}

export class BreakerMachine {
  readonly config: MachineConfig;
  #state: BreakerState = BreakerStates.closed;
  #generation = 0;
  #nextPermitId = 0;
  // Ring buffer of outcome bits, with running counts so recording is O(1).
  readonly #window: Uint8Array;
  #head = 0;
  #calls = 0;
  #failures = 0;
  #slowCalls = 0;
  #openUntil: number | undefined;
  #reopenCount = 0;
  #probesIssued = 0;
  #probesSucceeded = 0;
  readonly #outstandingProbes = new Map<number, number>();
  #lastTransitionAt: number | undefined;
  #transitions: BreakerTransition[] = [];

  constructor(config: MachineConfig) {
    if (config.minimumCalls > config.windowSize) throw new RangeError('minimumCalls cannot exceed windowSize');
    if (config.windowSize < 1 || config.halfOpenProbes < 1) throw new RangeError('windowSize and halfOpenProbes must be at least 1');
    this.config = config;
    this.#window = new Uint8Array(config.windowSize);
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** True when OPEN and the recovery wait is over: the next call would become a half-open probe. */
  recoveryDue(now: number): boolean {
    return this.#state === BreakerStates.open && now >= (this.#openUntil ?? 0);
  }

  tryAcquire(now: number): Permission {
    switch (this.#state) {
      case BreakerStates.closed:
      case BreakerStates.disabled:
        return this.#permit(false, now);
      case BreakerStates.forcedOpen:
        return { allowed: false, retryAfterMs: this.config.recoveryTimeoutMs };
      case BreakerStates.open:
        if (!this.recoveryDue(now)) return { allowed: false, retryAfterMs: (this.#openUntil ?? now) - now };
        this.#moveTo(BreakerStates.halfOpen, TransitionReasons.recoveryTimeout, now);
        return this.#tryProbe(now);
      case BreakerStates.halfOpen:
        return this.#tryProbe(now);
    }
  }

  /** Records a finished call; outcomes of permits issued before the last transition change nothing. */
  record(permit: Permit, outcome: CallOutcome, now: number): void {
    if (permit.generation !== this.#generation) return;
    if (this.#state === BreakerStates.closed) {
      this.#push(outcome);
      const reason = trippedBy(this.config, this.#calls, this.#failures, this.#slowCalls);
      if (reason !== undefined) this.#open(reason, now);
      return;
    }
    if (this.#state !== BreakerStates.halfOpen || !permit.probe) return;
    this.#outstandingProbes.delete(permit.id);
    if (now - permit.startedAt >= this.config.probeTimeoutMs) return this.#open(TransitionReasons.probeTimeout, now);
    if (outcome.failed || outcome.slow) return this.#open(TransitionReasons.probeFailed, now);
    this.#probesSucceeded += 1;
    if (this.#probesSucceeded >= this.config.halfOpenProbes) this.#close(TransitionReasons.probesSucceeded, now);
  }

  reset(now: number): void {
    this.#close(TransitionReasons.operator, now);
  }

  forceOpen(now: number): void {
    this.#moveTo(BreakerStates.forcedOpen, TransitionReasons.operator, now);
  }

  disable(now: number): void {
    this.#moveTo(BreakerStates.disabled, TransitionReasons.operator, now);
  }

  /** Takes on a state decided elsewhere; a CLOSED adoption also clears the window (a reset by someone else). */
  adopt(next: AdoptedState, now: number, reason: TransitionReason = TransitionReasons.shared): void {
    this.#reopenCount = next.reopenCount ?? 0;
    if (next.state === BreakerStates.closed) return this.#close(reason, now);
    this.#moveTo(next.state, reason, now);
    if (next.state === BreakerStates.open) this.#openUntil = next.openUntil ?? now + this.config.recoveryTimeoutMs;
  }

  /** Transitions since the last call, oldest first. */
  takeTransitions(): BreakerTransition[] {
    const taken = this.#transitions;
    this.#transitions = [];
    return taken;
  }

  snapshot(): MachineSnapshot {
    const rate = (count: number) => (this.#calls === 0 ? 0 : (count * 100) / this.#calls);
    return {
      state: this.#state,
      calls: this.#calls,
      failures: this.#failures,
      slowCalls: this.#slowCalls,
      failureRate: rate(this.#failures),
      slowCallRate: rate(this.#slowCalls),
      openUntil: this.#state === BreakerStates.open ? this.#openUntil : undefined,
      reopenCount: this.#reopenCount,
      lastTransitionAt: this.#lastTransitionAt,
    };
  }

  /** The wait before the next half-open attempt, growing with each re-open and capped. */
  recoveryTimeoutFor(reopenCount: number): number {
    const grown = this.config.recoveryTimeoutMs * this.config.backoffMultiplier ** reopenCount;
    return Math.min(Math.max(this.config.recoveryTimeoutMs, this.config.maxRecoveryTimeoutMs), grown);
  }

  #tryProbe(now: number): Permission {
    for (const startedAt of this.#outstandingProbes.values()) {
      if (now - startedAt >= this.config.probeTimeoutMs) {
        this.#open(TransitionReasons.probeTimeout, now);
        return { allowed: false, retryAfterMs: (this.#openUntil ?? now) - now };
      }
    }
    if (this.#probesIssued < this.config.halfOpenProbes) {
      this.#probesIssued += 1;
      const permission = this.#permit(true, now);
      this.#outstandingProbes.set(permission.permit.id, now);
      return permission;
    }
    const earliest = Math.min(...this.#outstandingProbes.values());
    return { allowed: false, retryAfterMs: Math.max(0, earliest + this.config.probeTimeoutMs - now) };
  }

  #permit(probe: boolean, now: number): { allowed: true; permit: Permit } {
    this.#nextPermitId += 1;
    return { allowed: true, permit: { generation: this.#generation, probe, id: this.#nextPermitId, startedAt: now } };
  }

  #push(outcome: CallOutcome): void {
    const bits = (outcome.failed ? FAILED : 0) | (outcome.slow ? SLOW : 0);
    if (this.#calls === this.config.windowSize) {
      const evicted = this.#window[this.#head] ?? 0;
      if (evicted & FAILED) this.#failures -= 1;
      if (evicted & SLOW) this.#slowCalls -= 1;
    } else {
      this.#calls += 1;
    }
    this.#window[this.#head] = bits;
    this.#head = (this.#head + 1) % this.config.windowSize;
    if (bits & FAILED) this.#failures += 1;
    if (bits & SLOW) this.#slowCalls += 1;
  }

  #open(reason: TransitionReason, now: number): void {
    // Back-off grows only while recovery keeps failing; a trip from CLOSED starts over.
    this.#reopenCount = this.#state === BreakerStates.halfOpen ? this.#reopenCount + 1 : 0;
    this.#moveTo(BreakerStates.open, reason, now);
    this.#openUntil = now + this.recoveryTimeoutFor(this.#reopenCount);
  }

  #close(reason: TransitionReason, now: number): void {
    if (reason !== TransitionReasons.shared) this.#reopenCount = 0;
    this.#moveTo(BreakerStates.closed, reason, now);
    this.#clearWindow();
  }

  #clearWindow(): void {
    this.#window.fill(0);
    this.#head = 0;
    this.#calls = 0;
    this.#failures = 0;
    this.#slowCalls = 0;
    this.#generation += 1;
  }

  #moveTo(to: BreakerState, reason: TransitionReason, now: number): void {
    const from = this.#state;
    this.#state = to;
    this.#generation += 1;
    this.#probesIssued = 0;
    this.#probesSucceeded = 0;
    this.#outstandingProbes.clear();
    if (to !== BreakerStates.open) this.#openUntil = undefined;
    if (from === to) return;
    this.#lastTransitionAt = now;
    this.#transitions.push({ from, to, reason, at: now });
  }
}
