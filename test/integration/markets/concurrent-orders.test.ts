import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import type { Item } from '../../../shared/store/port.js';
import type { WorkerStats } from './concurrent-orders-worker.js';
import { binaryMarket, expectInvariants, harness, type Harness } from './support.js';

const WORKERS = 4;
const ORDERS_PER_WORKER = 150;
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const CREDIT = 40_000;
const WORKER_FILE = fileURLToPath(new URL('./concurrent-orders-worker.ts', import.meta.url));

function startWorker(args: string[]): { child: ChildProcess; ready: Promise<void>; done: Promise<WorkerStats> } {
  const child = fork(WORKER_FILE, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<WorkerStats>((resolve, reject) => {
    let stats: WorkerStats | undefined;
    child.on('message', (message: { type: string; stats?: WorkerStats }) => {
      if (message.type === 'ready') markReady();
      if (message.type === 'done') stats = message.stats;
    });
    child.on('error', reject);
    child.on('exit', (code) => (stats !== undefined && code === 0 ? resolve(stats) : reject(new Error(`worker exited with ${code}`))));
  });
  return { child, ready, done };
}

async function all(store: SqliteItemStore, partition: string, prefix: string, index?: 'gsi1'): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query('main', { partition, ...(index ? { index } : { sort: { op: 'beginsWith', prefix } }), ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

describe('concurrent orders from 4 OS processes sharing one SQLite file (WAL)', () => {
  let directory = '';
  let h: Harness;
  let marketId = '';

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-markets-mp-'));
    h = harness({ path: join(directory, 'trading.db') });
    for (const user of USERS) await h.credit(user, CREDIT);
    marketId = (await h.service.createMarket('admin', binaryMarket())).id;
  });

  afterAll(async () => {
    await h.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('never double-fills, keeps every invariant, and pays out exactly the credits after settlement', async () => {
    const workers = Array.from({ length: WORKERS }, (_, i) =>
      startWorker([join(directory, 'trading.db'), String(i), String(ORDERS_PER_WORKER), marketId, JSON.stringify(USERS)]),
    );
    await Promise.all(workers.map((w) => w.ready));
    workers.forEach((w) => w.child.send('go'));
    const stats = await Promise.all(workers.map((w) => w.done));

    const sum = (key: 'placed' | 'rejected' | 'fills' | 'cancels' | 'contention' | 'batchGets') => stats.reduce((a, s) => a + s[key], 0);
    expect(stats.flatMap((s) => s.errors)).toEqual([]);
    expect(sum('placed') + sum('cancels') + sum('contention')).toBe(WORKERS * ORDERS_PER_WORKER);
    expect(sum('placed')).toBeGreaterThanOrEqual(500);
    // Retries absorb the races: running out of them stays rare.
    expect(sum('contention')).toBeLessThanOrEqual(Math.ceil(0.02 * WORKERS * ORDERS_PER_WORKER));
    expect(sum('fills')).toBeGreaterThan(100);
    // The processes really raced: placements re-read the market after losing to another process.
    const lostRaces = sum('batchGets') - sum('placed');
    expect(lostRaces).toBeGreaterThan(0);
    const trips = stats.flatMap((s) => s.tripsPerPlacement).sort((a, b) => a - b);
    const median = trips[Math.floor(trips.length / 2)];
    expect(median).toBe(2);
    console.info(`round trips per placement: median ${median}, p99 ${trips[Math.floor(trips.length * 0.99)]}, max ${trips.at(-1)}`);
    console.info(`placed ${sum('placed')}, rejected ${sum('rejected')}, fills ${sum('fills')}, cancels ${sum('cancels')}, lost races ${lostRaces}, contention ${sum('contention')}`);

    // No double fill, no lost fill: each order's filledQuantity is the sum of its recorded trades.
    const reader = h.inner as SqliteItemStore;
    const trades = await all(reader, `MARKET#${marketId}`, 'TRADE#');
    expect(trades.length).toBe(sum('fills'));
    const traded = new Map<string, number>();
    for (const t of trades) {
      for (const id of [t.takerOrderId, t.makerOrderId]) if (typeof id === 'string') traded.set(id, (traded.get(id) ?? 0) + (t.quantity as number));
    }
    const orders = (await Promise.all(USERS.map((u) => all(reader, `ORDERS#${marketId}#${u}`, '', 'gsi1')))).flat();
    expect(orders.length).toBe(sum('placed'));
    for (const o of orders) expect({ id: o.id, filled: o.filledQuantity }).toEqual({ id: o.id, filled: traded.get(o.id as string) ?? 0 });
    expect([...traded.keys()].every((id) => orders.some((o) => o.id === id))).toBe(true);
    await expectInvariants(h, [marketId]);

    for (const user of USERS) await h.service.cancelAll(user, marketId);
    const { taskId } = await h.service.requestResolution(marketId, 'YES');
    expect((await h.service.runTask(taskId)).status).toBe('succeeded');
    await expectInvariants(h, [marketId]);
    const balances = await Promise.all(USERS.map((u) => h.service.account(u)));
    expect(balances.every((b) => b.locked === 0)).toBe(true);
    expect(balances.reduce((a, b) => a + b.available, 0)).toBe(USERS.length * CREDIT);
  });
});
