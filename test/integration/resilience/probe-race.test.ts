import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { StoreUnavailableError } from '../../../shared/store/errors.js';
import { ItemStoreBreakerStateStore, breakerKey } from '../../../shared/resilience/breaker-table.js';
import { BreakerRegistry } from '../../../shared/resilience/registry.js';
import { BREAKER_SETTINGS } from '../../../shared/resilience/settings.js';
import type { RaceReport } from './probe-race-worker.js';

const WORKERS = 4;
const ATTEMPTS = 5;
const WORKER_FILE = fileURLToPath(new URL('./probe-race-worker.ts', import.meta.url));

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  decided: Promise<void>;
  done: Promise<RaceReport>;
}

function startWorker(args: string[]): Worker {
  const child = fork(WORKER_FILE, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const signal = (type: string) => new Promise<void>((resolve) => child.on('message', (m: { type: string }) => m.type === type && resolve()));
  const done = new Promise<RaceReport>((resolve, reject) => {
    let report: RaceReport | undefined;
    child.on('message', (m: { type: string; report?: RaceReport }) => {
      if (m.type === 'done') report = m.report;
    });
    child.on('error', reject);
    child.on('exit', (code) => (report !== undefined && code === 0 ? resolve(report) : reject(new Error(`worker exited with ${code}`))));
  });
  return { child, ready: signal('ready'), decided: signal('decided'), done };
}

describe('half-open probe election across OS processes sharing one SQLite breaker table', () => {
  let directory = '';
  let path = '';
  let openUntil = 0;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'fundcast-probe-race-'));
    path = join(directory, 'breakers.db');
    const store = new SqliteItemStore({ path });
    const time = 1_700_000_000_000;
    const registry = new BreakerRegistry({ clock: { now: () => time }, owner: 'parent', store: new ItemStoreBreakerStateStore(store) });
    const database = registry.get('database');
    while (database.state === 'CLOSED') await database.execute(() => Promise.reject(new StoreUnavailableError())).catch(() => undefined);
    openUntil = registry.snapshots().find((s) => s.name === 'database')?.openUntil ?? 0;
    await store.close();
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('lets exactly one process probe; every other call in every process is refused while it is out', async () => {
    expect(openUntil).toBeGreaterThan(0);
    const workers = Array.from({ length: WORKERS }, (_, i) => startWorker([path, `worker-${i}`, String(ATTEMPTS), String(openUntil + 1)]));
    await Promise.all(workers.map((w) => w.ready));
    workers.forEach((w) => w.child.send('go'));
    await Promise.all(workers.map((w) => w.decided));
    workers.forEach((w) => w.child.send('release'));
    const reports = await Promise.all(workers.map((w) => w.done));

    expect(reports.flatMap((r) => r.errors)).toEqual([]);
    const probing = reports.filter((r) => r.probes > 0);
    expect(probing).toHaveLength(1);
    expect(probing[0]?.probes).toBe(BREAKER_SETTINGS.database.halfOpenProbes);
    expect(reports.reduce((sum, r) => sum + r.probes + r.refused, 0)).toBe(WORKERS * ATTEMPTS);

    const reader = new SqliteItemStore({ path });
    // OPEN (1), probe lease (2), CLOSED after the winner's probes succeeded (3).
    expect(await reader.get('breakers', breakerKey('database'))).toMatchObject({ state: 'CLOSED', version: 3, updatedBy: probing[0]?.worker });
    await reader.close();
  });
});
