import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAreaHandlers } from '../../../functions/areas.js';
import { type LocalStack, startLocalStack } from '../../../shared/local/stack.js';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { registerAccount, tokensFor } from '../../helpers/identity.js';
import { startFakeRankingService, type FakeRankingService } from '../../helpers/third-party.js';

const ADMIN = { email: 'breaker-admin@example.com', password: 'cobalt-meadow-falcon-27' };
/** The breakers' shared-state read cache (1 s) plus scheduling slack. */
const BOUND_MS = 1_000 + 300;
const directory = mkdtempSync(join(tmpdir(), 'fundcast-breakers-'));
const from = freshClientAddress();
let service: FakeRankingService;
let a: LocalStack;
let b: LocalStack;
let admin: string;
let trader: string;

const env = () => ({
  PORT: '0',
  SQLITE_PATH: join(directory, 'shared.sqlite'),
  DATA_DIR: directory,
  REDIS_URL: inject('redisUrl'),
  LOG_LEVEL: 'SILENT',
  CACHE_L2_TIMEOUT_MS: '1000', // see test/helpers/local-stack.ts
  SEARCH_RANKING_URL: service.url,
  SEARCH_RANKING_TIMEOUT_MS: '100',
  FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
  FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  service = await startFakeRankingService();
  a = await startLocalStack({ env: env(), createHandlers: createAreaHandlers });
  b = await startLocalStack({ env: env(), createHandlers: createAreaHandlers });
  admin = (await tokensFor(a.url, from, ADMIN)).accessToken;
  trader = (await tokensFor(a.url, from, await registerAccount(a.url, from))).accessToken;
  await call(a.url, '/markets', {
    body: { title: 'Breakers: will the ranking service hold up?', description: '', category: 'sre', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
    token: admin,
    from,
  });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await service?.close();
  rmSync(directory, { recursive: true, force: true });
});

const stateIn = async (stack: LocalStack, name: string) => {
  const listed = await call(stack.url, '/admin/sre/circuit-breakers', { token: admin, from });
  return (listed.json.breakers as { name: string; state: string }[]).find((breaker) => breaker.name === name)?.state;
};

describe('breakers shared by two containers (one breaker table), through the admin API', () => {
  it('a slow third party opens ai_inference in A; search falls back at once; B sees it open; a reset closes it for both', async () => {
    service.delayMs = 500; // beyond the 100 ms ranking timeout
    for (let i = 0; i < 25; i += 1) {
      const found = await call(a.url, '/markets/search?q=ranking', { token: trader, from });
      expect(found.status).toBe(200);
      expect(found.json.ranking).toBe('keyword');
    }
    expect(await stateIn(a, 'ai_inference')).toBe('OPEN');
    expect(await stateIn(a, 'external_apis')).toBe('OPEN');

    // Open: the ranking service is not called at all, and the fallback is flagged.
    service.delayMs = 0;
    const callsBefore = service.calls.length;
    const fallback = await call(a.url, '/markets/search?q=ranking', { token: trader, from });
    expect(fallback.headers['x-fundcast-degraded']).toBe('keyword-ranking');
    expect(service.calls.length).toBe(callsBefore);

    await sleep(BOUND_MS);
    expect(await stateIn(b, 'ai_inference')).toBe('OPEN');
    expect((await call(b.url, '/markets/search?q=ranking', { token: trader, from })).json.ranking).toBe('keyword');
    expect(service.calls.length).toBe(callsBefore); // B refused too: it adopted A's state

    expect((await call(b.url, '/admin/sre/circuit-breakers/ai_inference/reset', { method: 'POST', token: trader, from })).status).toBe(403);
    expect((await call(b.url, '/admin/sre/circuit-breakers/nope/reset', { method: 'POST', token: admin, from })).status).toBe(404);
    for (const name of ['ai_inference', 'external_apis']) {
      const reset = await call(b.url, `/admin/sre/circuit-breakers/${name}/reset`, { method: 'POST', token: admin, from });
      expect(reset.status).toBe(200);
      expect(reset.json.state).toBe('CLOSED');
    }
    await sleep(BOUND_MS);
    expect(await stateIn(a, 'ai_inference')).toBe('CLOSED');
    const ranked = await call(a.url, '/markets/search?q=ranking', { token: trader, from });
    expect(ranked.json.ranking).toBe('semantic');
  });
});
