import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { StoreUnavailableError } from '../../../shared/store/errors.js';
import { ItemStoreBreakerStateStore } from '../../../shared/resilience/breaker-table.js';
import { BreakerRegistry } from '../../../shared/resilience/registry.js';
import type { BreakerStateStore, SharedBreakerRecord } from '../../../shared/resilience/shared-state.js';
import { BREAKER_SETTINGS } from '../../../shared/resilience/settings.js';

/** The real SQLite breaker table behind a switch that injects outages and hangs on demand. */
class FaultSwitch implements BreakerStateStore {
  mode: 'up' | 'down' | 'hang' = 'up';
  constructor(readonly inner: BreakerStateStore) {}
  read(name: string) {
    return this.#gate(() => this.inner.read(name));
  }
  write(name: string, next: SharedBreakerRecord) {
    return this.#gate(() => this.inner.write(name, next));
  }
  #gate<T>(call: () => Promise<T>): Promise<T> {
    if (this.mode === 'down') return Promise.reject(new StoreUnavailableError());
    if (this.mode === 'hang') return new Promise<T>(() => undefined);
    return call();
  }
}

const down = () => Promise.reject(new StoreUnavailableError());

function setup() {
  const sqlite = new SqliteItemStore({ path: ':memory:' });
  const table = new FaultSwitch(new ItemStoreBreakerStateStore(sqlite));
  const clock = { time: 1_000_000, now: () => clock.time };
  const logs: string[] = [];
  const container = (owner: string) =>
    new BreakerRegistry({ clock, owner, store: table, settings: { database: BREAKER_SETTINGS.database }, log: (m) => logs.push(`${owner}: ${m}`) });
  return { sqlite, table, clock, logs, container };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('shared breaker state with injected table faults', () => {
  it('writes a transition made during an outage once the table answers again (fault injected)', async () => {
    const { sqlite, table, clock, logs, container } = setup();
    const [a, b] = [container('a'), container('b')];
    table.mode = 'down';
    for (let i = 0; i < 6; i += 1) await a.get('database').execute(down).catch(() => undefined);
    expect(a.get('database').state).toBe('OPEN');
    table.mode = 'up';
    clock.time += 1_000;
    await a.get('database').execute(async () => 1).catch(() => undefined);
    clock.time += 1_000;
    await expect(b.get('database').execute(async () => 1)).rejects.toMatchObject({ name: 'BreakerOpenError' });
    expect(logs).toEqual(['a: breaker table unreachable; using local breaker state', 'a: breaker table reachable again']);
    await sqlite.close();
  });

  it('treats a breaker-table call that hangs past storeTimeoutMs as unreachable and keeps serving (fault injected)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { sqlite, table, container } = setup();
    const a = container('a');
    table.mode = 'hang';
    const call = a.get('database').execute(async () => 'served');
    await vi.advanceTimersByTimeAsync(500);
    await expect(call).resolves.toBe('served');
    expect(a.snapshots()[0]?.sharedStateReachable).toBe(false);
    await sqlite.close();
  });

  it('a reset while the table is down applies locally and reports the failure', async () => {
    const { sqlite, table, container } = setup();
    const a = container('a');
    for (let i = 0; i < 6; i += 1) await a.get('database').execute(down).catch(() => undefined);
    table.mode = 'down';
    await expect(a.reset('database')).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(a.get('database').state).toBe('CLOSED');
    await sqlite.close();
  });

  it('names an unknown breaker with a typed 404 error', () => {
    const { container } = setup();
    expect(() => container('a').get('nope')).toThrow(expect.objectContaining({ name: 'UnknownBreakerError', code: 'UNKNOWN_BREAKER', httpStatus: 404 }));
  });
});
