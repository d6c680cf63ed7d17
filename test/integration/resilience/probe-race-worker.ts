/**
 * One OS process of probe-race.test.ts, like one Lambda container: its own SQLite connection to
 * the shared breaker file and its own BreakerRegistry. After the parent's "go" it fires several
 * concurrent calls through the `database` breaker, whose recovery wait is over; a call that
 * becomes a probe holds until the parent's "release", so every other call is decided while the
 * probe is still out.
 */
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { ItemStoreBreakerStateStore } from '../../../shared/resilience/breaker-table.js';
import { BreakerRegistry } from '../../../shared/resilience/registry.js';

export interface RaceReport {
  worker: string;
  probes: number;
  refused: number;
  errors: string[];
}

const [path = '', worker = '', attemptsText = '0', timeText = '0'] = process.argv.slice(2);
const attempts = Number(attemptsText);
const store = new SqliteItemStore({ path, busyTimeoutMs: 10_000 });
const registry = new BreakerRegistry({ clock: { now: () => Number(timeText) }, owner: worker, store: new ItemStoreBreakerStateStore(store), storeTimeoutMs: 10_000 });
const report: RaceReport = { worker, probes: 0, refused: 0, errors: [] };

let release: () => void = () => undefined;
const released = new Promise<void>((resolve) => (release = resolve));
let settled = 0;
const decidedIfDone = () => {
  if (settled + report.probes === attempts) process.send?.({ type: 'decided' });
};

process.on('message', (message: string) => {
  if (message === 'release') release();
  if (message !== 'go') return;
  const calls = Array.from({ length: attempts }, () =>
    registry
      .get('database')
      .execute(async () => {
        report.probes += 1;
        decidedIfDone();
        await released;
      })
      .then(
        () => undefined,
        (error: unknown) => {
          if ((error as Error).name === 'BreakerOpenError') report.refused += 1;
          else report.errors.push(String(error));
          settled += 1;
          decidedIfDone();
        },
      ),
  );
  void Promise.all(calls).then(async () => {
    await store.close();
    process.send?.({ type: 'done', report }, () => process.exit(0));
  });
});
process.send?.({ type: 'ready' });
