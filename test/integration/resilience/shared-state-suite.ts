import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ItemStore } from '../../../shared/store/port.js';
import { StoreUnavailableError } from '../../../shared/store/errors.js';
import { ItemStoreBreakerStateStore, breakerKey } from '../../../shared/resilience/breaker-table.js';
import { BreakerOpenError } from '../../../shared/resilience/errors.js';
import { BreakerRegistry } from '../../../shared/resilience/registry.js';
import type { BreakerSettings } from '../../../shared/resilience/settings.js';

/** One real store per test: `open()` gives each simulated container its own connection to the same breaker table. */
export interface Backend {
  open(): ItemStore;
  /** Makes the breaker table unreachable for every connection opened so far. */
  breakTable(): Promise<void>;
  close(): Promise<void>;
}

const SETTINGS: Record<string, BreakerSettings> = {
  database: {
    windowSize: 10,
    minimumCalls: 2,
    failureThreshold: 2,
    failureRateThreshold: 50,
    slowCallRateThreshold: 60,
    slowCallDurationMs: 10_000,
    recoveryTimeoutMs: 15_000,
    backoffMultiplier: 2,
    maxRecoveryTimeoutMs: 60_000,
    halfOpenProbes: 1,
    probeTimeoutMs: 5_000,
    fallback: 'none',
  },
};

export class TestClock {
  time = 1_700_000_000_000;
  now = () => this.time;
}

const down = () => Promise.reject(new StoreUnavailableError());

/** Runs the shared-state behaviour against a real store behind the breaker table. */
export function describeSharedBreakerState(label: string, start: () => Promise<Backend>): void {
  describe(`shared breaker state on ${label}`, () => {
    let backend: Backend;
    let clock: TestClock;
    let logs: string[];

    const container = (owner: string, settings = SETTINGS) =>
      new BreakerRegistry({ clock, settings, owner, store: new ItemStoreBreakerStateStore(backend.open()), log: (message) => logs.push(`${owner}: ${message}`) });

    async function trip(registry: BreakerRegistry): Promise<void> {
      const breaker = registry.get('database');
      for (let i = 0; i < 2; i += 1) await expect(breaker.execute(down)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(breaker.state).toBe('OPEN');
    }

    beforeEach(async () => {
      backend = await start();
      clock = new TestClock();
      logs = [];
    });

    afterEach(async () => {
      await backend.close();
    });

    it("opens in B within the cache interval after A's failures open it", async () => {
      const [a, b] = [container('a'), container('b')];
      await b.get('database').execute(async () => 'warm');
      await trip(a);
      clock.time += 999;
      await expect(b.get('database').execute(async () => 'still cached')).resolves.toBe('still cached');
      clock.time += 1;
      const refused = await b.get('database').execute(async () => 'no').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BreakerOpenError);
      expect((refused as BreakerOpenError).retryAfterSeconds).toBe(14);
      expect(b.snapshots()[0]).toMatchObject({ state: 'OPEN', version: 1, openUntil: a.snapshots()[0]?.openUntil });
    });

    it('writes only transitions: successes and failures below the threshold leave the table alone', async () => {
      const store = backend.open();
      const a = new BreakerRegistry({ clock, settings: SETTINGS, owner: 'a', store: new ItemStoreBreakerStateStore(store) });
      await a.get('database').execute(async () => 'fine');
      await expect(a.get('database').execute(down)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(a.snapshots()[0]).toMatchObject({ state: 'CLOSED', calls: 2 });
      expect(await store.get('breakers', breakerKey('database'))).toBeUndefined();
      await expect(a.get('database').execute(down)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.get('breakers', breakerKey('database'))).toMatchObject({ state: 'OPEN', version: 1, updatedBy: 'a' });
    });

    it('when both trip at once, one write wins and the other adopts it', async () => {
      const [a, b] = [container('a'), container('b')];
      await Promise.all([trip(a), trip(b)]);
      const [sa, sb] = [a.snapshots()[0], b.snapshots()[0]];
      expect([sa?.version, sb?.version]).toEqual([1, 1]);
      expect(sa?.openUntil).toBe(sb?.openUntil);
    });

    it('hands the half-open probe to exactly one of many concurrent callers across containers', async () => {
      const containers = ['a', 'b', 'c'].map((owner) => container(owner));
      await trip(containers[0] as BreakerRegistry);
      clock.time += 15_000;
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const ran: string[] = [];
      let settled = 0;
      const attempts = containers.flatMap((registry, index) =>
        Array.from({ length: 10 }, () =>
          registry
            .get('database')
            .execute(async () => {
              ran.push(String(index));
              await held;
              return 'probe';
            })
            .catch((e: unknown) => e)
            .finally(() => (settled += 1)),
        ),
      );
      // Every other attempt is refused while the one probe is still out.
      await vi.waitFor(() => expect(settled).toBe(29));
      release();
      const results = await Promise.all(attempts);
      expect(ran).toHaveLength(1);
      expect(results.filter((r) => r === 'probe')).toHaveLength(1);
      expect(results.filter((r) => r instanceof BreakerOpenError)).toHaveLength(29);
      clock.time += 1_000;
      for (const registry of containers) await expect(registry.get('database').execute(async () => 'closed')).resolves.toBe('closed');
      expect(containers.map((r) => r.snapshots()[0]?.state)).toEqual(['CLOSED', 'CLOSED', 'CLOSED']);
    });

    it('lets another container take the probe when the holder never reports (lease expiry)', async () => {
      const [a, b] = [container('a'), container('b')];
      await trip(a);
      clock.time += 15_000;
      let release: () => void = () => undefined;
      const stuck = a.get('database').execute(() => new Promise<void>((resolve) => (release = resolve)));
      await vi.waitFor(() => expect(a.snapshots()[0]?.state).toBe('HALF_OPEN'));
      clock.time += 1_000;
      await expect(b.get('database').execute(async () => 1)).rejects.toBeInstanceOf(BreakerOpenError);
      clock.time += 4_000; // the lease was halfOpenProbes × probeTimeoutMs = 5 s
      await expect(b.get('database').execute(async () => 'b probed')).resolves.toBe('b probed');
      expect(b.snapshots()[0]?.state).toBe('CLOSED');
      release();
      await stuck;
    });

    it('a reset through A closes the breaker for B within the cache interval', async () => {
      const [a, b] = [container('a'), container('b')];
      await trip(a);
      clock.time += 1_000;
      await expect(b.get('database').execute(async () => 1)).rejects.toBeInstanceOf(BreakerOpenError);
      const snapshot = await a.reset('database');
      expect(snapshot).toMatchObject({ state: 'CLOSED', version: 2 });
      clock.time += 1_000;
      await expect(b.get('database').execute(async () => 'open for business')).resolves.toBe('open for business');
      expect(b.snapshots()[0]).toMatchObject({ state: 'CLOSED', version: 2, calls: 1 });
    });

    it('force-open and disable reach every container', async () => {
      const [a, b] = [container('a'), container('b')];
      await a.forceOpen('database');
      clock.time += 1_000;
      await expect(b.get('database').execute(async () => 1)).rejects.toBeInstanceOf(BreakerOpenError);
      await a.disable('database');
      clock.time += 1_000;
      for (let i = 0; i < 5; i += 1) await expect(b.get('database').execute(down)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(b.snapshots()[0]).toMatchObject({ state: 'DISABLED', version: 2 });
    });

    it('keeps working on local state when the breaker table is unreachable, and logs it once', async () => {
      const [a, b] = [container('a'), container('b')];
      await a.get('database').execute(async () => 'warm');
      await b.get('database').execute(async () => 'warm');
      await backend.breakTable();
      clock.time += 1_000;
      await expect(a.get('database').execute(async () => 'local')).resolves.toBe('local');
      await trip(a);
      expect(a.snapshots()[0]).toMatchObject({ state: 'OPEN', sharedStateReachable: false });
      clock.time += 15_000;
      await expect(a.get('database').execute(async () => 'local probe')).resolves.toBe('local probe');
      expect(a.snapshots()[0]?.state).toBe('CLOSED');
      expect(b.snapshots()[0]?.state).toBe('CLOSED');
      expect(logs).toEqual(['a: breaker table unreachable; using local breaker state']);
      await expect(a.reset('database')).rejects.toBeInstanceOf(Error);
      expect(a.snapshots()[0]?.state).toBe('CLOSED');
    });
  });
}
