/**
 * One of the OS processes of sqlite-multiprocess.test.ts. It opens the shared SQLite file, waits
 * for the parent's "go", then performs optimistic-concurrency transfers: read the ledger head's
 * version, then one atomic write that bumps the version (if unchanged), moves money between two
 * accounts (if the payer can afford it) and appends a log entry keyed by the new version.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { ConditionFailedError, TransactionConflictError } from '../../../shared/store/errors.js';
import { accountKey, HEAD, LOG_PARTITION, logSortKey, type WorkerStats } from './sqlite-multiprocess-shared.js';

async function run(path: string, worker: number, transfers: number, accounts: number): Promise<WorkerStats> {
  const store = new SqliteItemStore({ path, busyTimeoutMs: 10_000 });
  const stats: WorkerStats = { worker, successes: 0, conflicts: 0, insufficient: 0, busy: 0, anomalies: [] };
  process.send?.({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  while (stats.successes < transfers) {
    const head = await store.get('main', HEAD);
    const version = Number(head?.version);
    const from = Math.floor(Math.random() * accounts);
    const to = (from + 1 + Math.floor(Math.random() * (accounts - 1))) % accounts;
    const amount = 1 + Math.floor(Math.random() * 60);
    // Widen the read-to-write window a little so the processes genuinely race.
    await sleep(Math.random() < 0.5 ? 0 : 1);
    try {
      await store.write([
        {
          type: 'update', table: 'main', key: HEAD, update: { add: { version: 1 } },
          condition: { kind: 'compare', name: 'version', op: '=', value: version },
        },
        {
          type: 'update', table: 'main', key: accountKey(from), update: { add: { balance: -amount } },
          condition: { kind: 'compare', name: 'balance', op: '>=', value: amount },
        },
        { type: 'update', table: 'main', key: accountKey(to), update: { add: { balance: amount } }, condition: { kind: 'itemExists' } },
        {
          type: 'put', table: 'main', condition: { kind: 'itemNotExists' },
          item: { pk: LOG_PARTITION, sk: logSortKey(version + 1), version: version + 1, worker, from, to, amount },
        },
      ]);
      stats.successes += 1;
    } catch (error) {
      if (error instanceof ConditionFailedError && error.failedIndex === 0) stats.conflicts += 1;
      else if (error instanceof ConditionFailedError && error.failedIndex === 1) stats.insufficient += 1;
      else if (error instanceof TransactionConflictError) stats.busy += 1;
      else stats.anomalies.push(String(error instanceof ConditionFailedError ? `failedIndex ${error.failedIndex}` : error));
    }
  }
  await store.close();
  return stats;
}

const [path = '', worker = '0', transfers = '0', accounts = '0'] = process.argv.slice(2);
run(path, Number(worker), Number(transfers), Number(accounts)).then(
  (stats) => process.send?.({ type: 'done', stats }, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
