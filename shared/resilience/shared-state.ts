import { type BreakerMachine, type BreakerState, BreakerStates, TransitionReasons } from './breaker-machine.js';
import { withTimeout } from './timeout.js';

/** One breaker's row in the breaker table: only transitions are written, each bumping `version`. */
export interface SharedBreakerRecord {
  readonly state: BreakerState;
  readonly version: number;
  readonly reason: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
  readonly openedAt?: number;
  readonly openUntil?: number;
  readonly reopenCount: number;
  /** While HALF_OPEN: the one container allowed to probe, until `expiresAt`. */
  readonly probe?: { readonly owner: string; readonly expiresAt: number };
}

/** The port the breakers use for shared state; `breaker-table.ts` implements it on the ItemStore. */
export interface BreakerStateStore {
  read(name: string): Promise<SharedBreakerRecord | undefined>;
  /** Stores `next` only if the stored version is `next.version - 1` (0: no row yet); false when another writer won. */
  write(name: string, next: SharedBreakerRecord): Promise<boolean>;
}

export interface SharedStateOptions {
  readonly store: BreakerStateStore;
  /** This container's id; the probe lease names it. */
  readonly owner: string;
  /** How long a read of the table is trusted (≤ 1 s keeps every container within a second of a change). */
  readonly cacheTtlMs: number;
  /** A table call slower than this counts as unreachable. */
  readonly storeTimeoutMs: number;
  /** Defaults to halfOpenProbes × probeTimeoutMs: long enough for the holder's probes to finish. */
  readonly leaseMs?: number;
  readonly log?: (message: string, details: { breaker: string; error?: unknown }) => void;
}

type Command = typeof BreakerStates.closed | typeof BreakerStates.forcedOpen | typeof BreakerStates.disabled;

const COMMAND_ATTEMPTS = 5;

/**
 * Keeps one breaker's local machine in step with the breaker table. Calls are counted only in
 * memory; the table sees transitions, each a conditional write on `version`, and a lost race
 * adopts the winner. When the table cannot be reached the machine carries on alone (logged
 * once), and its state is written back once the table answers again.
 */
export class SharedBreakerSync {
  readonly #name: string;
  readonly #machine: BreakerMachine;
  readonly #options: SharedStateOptions;
  readonly #leaseMs: number;
  #record: SharedBreakerRecord | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #reachable = true;
  #unsynced = false;
  #refreshing: Promise<void> | undefined;
  #claiming: Promise<void> | undefined;

  constructor(name: string, machine: BreakerMachine, options: SharedStateOptions) {
    this.#name = name;
    this.#machine = machine;
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? machine.config.halfOpenProbes * machine.config.probeTimeoutMs;
  }

  get version(): number {
    return this.#record?.version ?? 0;
  }

  get reachable(): boolean {
    return this.#reachable;
  }

  isStale(now: number): boolean {
    return now - this.#fetchedAt >= this.#options.cacheTtlMs;
  }

  /** Reads the table (one read at a time per container) and adopts a newer state. */
  refresh(now: number): Promise<void> {
    this.#refreshing ??= this.#refresh(now).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /** True when this container should try to take the half-open probe lease before calling. */
  shouldClaim(now: number): boolean {
    if (!this.#reachable) return false;
    const record = this.#record;
    if (record?.state === BreakerStates.halfOpen) return (record.probe?.expiresAt ?? 0) <= now;
    return this.#machine.recoveryDue(now);
  }

  /** Tries to become the one prober; concurrent callers in this container share one attempt. */
  claimProbe(now: number): Promise<void> {
    this.#claiming ??= this.#claim(now).finally(() => (this.#claiming = undefined));
    return this.#claiming;
  }

  /** Milliseconds to wait when another container holds a live probe lease; undefined when this one may go on. */
  refusal(now: number): number | undefined {
    const probe = this.#record?.state === BreakerStates.halfOpen ? this.#record.probe : undefined;
    if (!this.#reachable || probe === undefined || probe.owner === this.#options.owner || probe.expiresAt <= now) return undefined;
    return probe.expiresAt - now;
  }

  /** Writes the machine's state when it differs from the table's (after a local transition). */
  async publish(now: number): Promise<void> {
    if (!this.#differs()) return;
    const snapshot = this.#machine.snapshot();
    await this.#tryWrite(now, { state: snapshot.state, openUntil: snapshot.openUntil, reopenCount: snapshot.reopenCount, reason: 'transition' });
  }

  /** An operator's reset / force-open / disable: written for everyone; applied locally even when the table is down, then rethrown. */
  async command(state: Command, now: number): Promise<void> {
    for (let attempt = 0; attempt < COMMAND_ATTEMPTS; attempt += 1) {
      try {
        this.#remember(await this.#call(this.#options.store.read(this.#name)), now);
        const next = this.#next(now, { state, reopenCount: 0, reason: 'operator' });
        if (await this.#call(this.#options.store.write(this.#name, next))) {
          this.#record = next;
          this.#apply(state, now);
          this.#unsynced = false;
          return;
        }
      } catch (error) {
        this.#unreachable(error);
        this.#apply(state, now);
        this.#unsynced = true;
        throw error;
      }
    }
    throw new Error(`Breaker ${this.#name}: the operator command lost ${COMMAND_ATTEMPTS} races in a row`);
  }

  async #refresh(now: number): Promise<void> {
    let record: SharedBreakerRecord | undefined;
    try {
      record = await this.#call(this.#options.store.read(this.#name));
    } catch (error) {
      // Retried after the cache interval, not on every call, so a dead table costs one timeout per interval.
      this.#fetchedAt = now;
      this.#unreachable(error);
      return;
    }
    const changed = (record?.version ?? 0) !== this.version;
    this.#remember(record, now);
    if (changed) return this.#adopt(now);
    if (this.#unsynced) await this.publish(now);
  }

  async #claim(now: number): Promise<void> {
    const lease = { owner: this.#options.owner, expiresAt: now + this.#leaseMs };
    const won = await this.#tryWrite(now, { state: BreakerStates.halfOpen, reopenCount: this.#machine.snapshot().reopenCount, reason: 'probe_claimed', probe: lease });
    if (won) this.#machine.adopt({ state: BreakerStates.halfOpen, reopenCount: this.#record?.reopenCount ?? 0 }, now, TransitionReasons.recoveryTimeout);
  }

  /** A conditional write of the next version; a lost race re-reads and adopts the winner. */
  async #tryWrite(now: number, fields: Omit<SharedBreakerRecord, 'version' | 'updatedAt' | 'updatedBy'>): Promise<boolean> {
    if (!this.#reachable && !this.isStale(now)) {
      this.#unsynced = true;
      return false;
    }
    const next = this.#next(now, fields);
    try {
      if (await this.#call(this.#options.store.write(this.#name, next))) {
        this.#record = next;
        this.#unsynced = false;
        return true;
      }
      this.#remember(await this.#call(this.#options.store.read(this.#name)), now);
      this.#adopt(now);
      return false;
    } catch (error) {
      this.#unreachable(error);
      this.#unsynced = true;
      return false;
    }
  }

  #next(now: number, fields: Omit<SharedBreakerRecord, 'version' | 'updatedAt' | 'updatedBy'>): SharedBreakerRecord {
    const openedAt = fields.state === BreakerStates.open ? now : undefined;
    return {
      ...fields,
      version: this.version + 1,
      updatedAt: now,
      updatedBy: this.#options.owner,
      ...(openedAt === undefined ? {} : { openedAt }),
    };
  }

  #remember(record: SharedBreakerRecord | undefined, now: number): void {
    this.#record = record;
    this.#fetchedAt = now;
    if (!this.#reachable) this.#options.log?.('breaker table reachable again', { breaker: this.#name });
    this.#reachable = true;
  }

  #adopt(now: number): void {
    const record: Pick<SharedBreakerRecord, 'state' | 'openUntil' | 'reopenCount'> = this.#record ?? { state: BreakerStates.closed, reopenCount: 0 };
    this.#machine.adopt({ state: record.state, ...(record.openUntil === undefined ? {} : { openUntil: record.openUntil }), reopenCount: record.reopenCount }, now);
    this.#unsynced = false;
  }

  #apply(state: Command, now: number): void {
    if (state === BreakerStates.closed) this.#machine.reset(now);
    else if (state === BreakerStates.forcedOpen) this.#machine.forceOpen(now);
    else this.#machine.disable(now);
  }

  #differs(): boolean {
    return this.#machine.state !== (this.#record?.state ?? BreakerStates.closed);
  }

  #unreachable(error: unknown): void {
    // Logged once per outage: every call of every container would otherwise repeat it.
    if (this.#reachable) this.#options.log?.('breaker table unreachable; using local breaker state', { breaker: this.#name, error });
    this.#reachable = false;
  }

  #call<T>(work: Promise<T>): Promise<T> {
    return withTimeout(work, this.#options.storeTimeoutMs, 'breaker table call');
  }
}
