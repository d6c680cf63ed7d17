import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAreaHandlers } from '../../../functions/areas.js';
import { type LocalStack, startLocalStack } from '../../../shared/local/stack.js';
import { checkInvariants } from '../../../shared/trading/index.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';

const CONTAINERS = 4;
const ORDERS_EACH = 130;
const USERS = 6;
const CREDIT = 50_000;
const WORKER = fileURLToPath(new URL('./handler-worker.ts', import.meta.url));
const ADMIN = { email: 'race-admin@example.com', password: 'copper-violin-harbor-31' };

const directory = mkdtempSync(join(tmpdir(), 'fundcast-containers-'));
const from = freshClientAddress();
let env: Record<string, string>;
let stack: LocalStack;
let admin: string;

beforeAll(async () => {
  env = {
    PORT: '0',
    SQLITE_PATH: join(directory, 'fundcast.sqlite'),
    DATA_DIR: directory,
    REDIS_URL: inject('redisUrl'),
    LOG_LEVEL: 'SILENT',
    RATE_LIMIT_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_AUTH_IP_PER_MINUTE: '1000000',
    RATE_LIMIT_USER_PER_MINUTE: '1000000',
    FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  };
  stack = await startLocalStack({ env, createHandlers: createAreaHandlers });
  admin = (await tokensFor(stack.url, from, ADMIN)).accessToken;
});

afterAll(async () => {
  await stack?.close();
  rmSync(directory, { recursive: true, force: true });
});

function container(job: object): Promise<Record<string, number>> {
  const child = fork(WORKER, [JSON.stringify(job)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let statuses: Record<string, number> | undefined;
    child.on('message', (message: { type: string; statuses?: Record<string, number> }) => {
      if (message.type === 'done') statuses = message.statuses;
    });
    child.on('exit', (code) => (statuses && code === 0 ? resolve(statuses) : reject(new Error(`container exited with ${code}`))));
  });
}

describe(`${CONTAINERS} handler instances in separate processes on one SQLite file`, () => {
  it('place 500+ random crossing orders with no 5xx, keep every invariant, and settle to exactly the credits', async () => {
    const traders: { userId: string; token: string }[] = [];
    for (let i = 0; i < USERS; i += 1) {
      const account = await registerAccount(stack.url, from);
      expect((await call(stack.url, `/admin/accounts/${account.userId}/credits`, { body: { amount: CREDIT, reason: 'race funding' }, token: admin, from })).status).toBe(201);
      traders.push({ userId: account.userId, token: (await tokensFor(stack.url, from, account)).accessToken });
    }
    const created = await call(stack.url, '/markets', {
      body: { title: 'Race: many containers, one market', description: '', category: 'test', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      token: admin,
      from,
    });
    const marketId = created.json.id as string;

    const results = await Promise.all(
      Array.from({ length: CONTAINERS }, (_, i) => container({ env, marketId, tokens: traders.map((t) => t.token), orders: ORDERS_EACH, seed: 1000 + i })),
    );
    const statuses: Record<string, number> = {};
    for (const result of results) for (const [status, count] of Object.entries(result)) statuses[status] = (statuses[status] ?? 0) + count;
    expect(Object.values(statuses).reduce((sum, count) => sum + count, 0)).toBe(CONTAINERS * ORDERS_EACH);
    expect(Object.keys(statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    expect(statuses['201']).toBeGreaterThan(CONTAINERS * ORDERS_EACH * 0.9);

    const { record, state } = await stack.deps.trading.marketSnapshot(marketId);
    expect(checkInvariants(state)).toEqual([]);
    const totals = await stack.deps.trading.ledgerTotals();
    expect(Object.values(totals).reduce((sum, value) => sum + value, 0)).toBe(0);
    expect(totals[`market:${marketId}:escrow`] ?? 0).toBe(record.escrow);
    for (const trader of traders) {
      const account = (await call(stack.url, '/me/account', { token: trader.token, from })).json;
      expect(account).toEqual({ userId: trader.userId, available: totals[`user:${trader.userId}:available`] ?? 0, locked: totals[`user:${trader.userId}:locked`] ?? 0 });
    }
    const trades = await call(stack.url, `/markets/${marketId}/trades?limit=100`, { token: traders[0]?.token, from });
    expect((trades.json.items as unknown[]).length).toBeGreaterThan(10);

    for (const trader of traders) expect((await call(stack.url, `/markets/${marketId}/orders`, { method: 'DELETE', token: trader.token, from })).status).toBe(200);
    const accepted = await call(stack.url, `/markets/${marketId}/resolve`, { body: { outcome: 'YES' }, token: admin, from });
    for (let i = 0; i < 200; i += 1) {
      const task = await call(stack.url, `/admin/tasks/${accepted.json.taskId as string}`, { token: admin, from });
      if (task.json.status === 'succeeded') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    let total = 0;
    for (const trader of traders) {
      const account = (await call(stack.url, '/me/account', { token: trader.token, from })).json;
      expect(account.locked).toBe(0);
      total += account.available as number;
    }
    expect(total).toBe(USERS * CREDIT);
  }, 120_000);
});
