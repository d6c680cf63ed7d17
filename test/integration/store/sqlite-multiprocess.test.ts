import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import type { Item } from '../../../shared/store/port.js';
import { queryAll } from './store-contract-queries.js';
import { accountKey, HEAD, LOG_PARTITION, logSortKey, type WorkerStats } from './sqlite-multiprocess-shared.js';

const WORKERS = 4;
const TRANSFERS_PER_WORKER = 40;
const ACCOUNTS = 5;
// Small balances against amounts up to 60 make the `balance >= amount` guard refuse transfers too.
const OPENING_BALANCE = 100;
const WORKER_FILE = fileURLToPath(new URL('./sqlite-multiprocess-worker.ts', import.meta.url));

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<WorkerStats>;
}

function startWorker(path: string, id: number): Worker {
  const child = fork(WORKER_FILE, [path, String(id), String(TRANSFERS_PER_WORKER), String(ACCOUNTS)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<WorkerStats>((resolve, reject) => {
    let stats: WorkerStats | undefined;
    child.on('message', (message: { type: string; stats?: WorkerStats }) => {
      if (message.type === 'ready') markReady();
      if (message.type === 'done') stats = message.stats;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      stats !== undefined && code === 0 ? resolve(stats) : reject(new Error(`worker ${id} exited with ${code}`)),
    );
  });
  return { child, ready, done };
}

describe('SqliteItemStore shared by several OS processes', () => {
  let directory = '';
  let path = '';

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-sqlite-mp-'));
    path = join(directory, 'shared.db');
    const store = new SqliteItemStore({ path });
    await store.write([
      { type: 'put', table: 'main', item: { ...HEAD, version: 0 } },
      ...Array.from({ length: ACCOUNTS }, (_, n) => ({
        type: 'put' as const,
        table: 'main' as const,
        item: { ...accountKey(n), balance: OPENING_BALANCE },
      })),
    ]);
    await store.close();
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('keeps racing conditional transfers atomic: money conserved, versions and log contiguous', async () => {
    const workers = Array.from({ length: WORKERS }, (_, id) => startWorker(path, id));
    await Promise.all(workers.map((worker) => worker.ready));
    // Everyone starts together, so the processes genuinely overlap.
    workers.forEach((worker) => worker.child.send('go'));
    const stats = await Promise.all(workers.map((worker) => worker.done));

    const store = new SqliteItemStore({ path });
    const head = await store.get('main', HEAD);
    const balances = (await store.batchGet('main', Array.from({ length: ACCOUNTS }, (_, n) => accountKey(n)))).map(
      (item) => Number(item.balance),
    );
    const { items: log } = await queryAll(store, { partition: LOG_PARTITION });
    await store.close();

    const successes = stats.reduce((sum, s) => sum + s.successes, 0);
    expect(stats.flatMap((s) => s.anomalies)).toEqual([]);
    expect(successes).toBe(WORKERS * TRANSFERS_PER_WORKER);
    expect(balances.reduce((sum, balance) => sum + balance, 0)).toBe(ACCOUNTS * OPENING_BALANCE);
    expect(balances.every((balance) => balance >= 0)).toBe(true);
    expect(stats.reduce((sum, s) => sum + s.insufficient, 0)).toBeGreaterThan(0);
    expect(head?.version).toBe(successes);
    expect(log.map((entry) => entry.sk)).toEqual(Array.from({ length: successes }, (_, i) => logSortKey(i + 1)));
    expect(replay(log)).toEqual(balances);
    for (const s of stats) expect(s.conflicts, `worker ${s.worker} never lost a race`).toBeGreaterThan(0);
  });
});

/** Final balances implied by the log alone: equal to the stored ones only if no write was lost or torn. */
function replay(log: Item[]): number[] {
  const balances = Array.from({ length: ACCOUNTS }, () => OPENING_BALANCE);
  for (const entry of log) {
    const amount = Number(entry.amount);
    balances[Number(entry.from)] = (balances[Number(entry.from)] ?? 0) - amount;
    balances[Number(entry.to)] = (balances[Number(entry.to)] ?? 0) + amount;
  }
  return balances;
}
