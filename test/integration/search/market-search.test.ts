import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, freshClientAddress } from '../../helpers/http-client.js';
import { tokensFor } from '../../helpers/identity.js';
import { startTestStack, type TestStack } from '../../helpers/local-stack.js';
import { startFakeRankingService, type FakeRankingService } from '../../helpers/third-party.js';

const ADMIN = { email: 'search-admin@example.com', password: 'copper-meadow-lantern-19' };
const from = freshClientAddress();
let service: FakeRankingService;
let stack: TestStack;
let token: string;
const ids: string[] = [];

beforeAll(async () => {
  service = await startFakeRankingService();
  stack = await startTestStack({
    SEARCH_RANKING_URL: service.url,
    SEARCH_RANKING_TIMEOUT_MS: '200',
    FUNDCAST_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    FUNDCAST_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
  });
  token = (await tokensFor(stack.url, from, ADMIN)).accessToken;
  for (const title of ['Will the election turnout pass 60 %?', 'Rain in Paris on New Year?', 'Election recount in 2027?']) {
    const created = await call(stack.url, '/markets', {
      body: { title, description: '', category: 'search', type: 'binary', engine: 'orderbook', closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      token,
      from,
    });
    ids.push(created.json.id as string);
  }
});

afterAll(async () => {
  await stack?.close();
  await service?.close();
});

beforeEach(() => {
  service.mode = 'ok';
  service.delayMs = 0;
});

const search = (q: string) => call(stack.url, `/markets/search?q=${encodeURIComponent(q)}`, { token, from });

describe('GET /markets/search', () => {
  it('ranks with the ranking service when it answers', async () => {
    const found = await search('election');
    expect(found.status).toBe(200);
    expect(found.json.ranking).toBe('semantic');
    expect((found.json.items as { id: string }[]).map((m) => m.id)).toEqual([...ids].sort().reverse());
    expect(found.headers['x-fundcast-degraded']).toBeUndefined();
  });

  it('falls back to keyword ranking, flagged degraded, when the service fails or is slow', async () => {
    service.mode = 'fail';
    const failed = await search('election turnout');
    expect(failed.status).toBe(200);
    expect(failed.json.ranking).toBe('keyword');
    expect((failed.json.items as { id: string }[]).map((m) => m.id)).toEqual([ids[0], ids[2]]);
    expect(failed.headers['x-fundcast-degraded']).toBe('keyword-ranking');

    service.mode = 'ok';
    service.delayMs = 1_000;
    const slow = await search('paris');
    expect(slow.json).toMatchObject({ ranking: 'keyword' });
    expect((slow.json.items as { id: string }[]).map((m) => m.id)).toEqual([ids[1]]);
  });

  it('rejects an empty query with a problem+json 400', async () => {
    const empty = await search('   ');
    expect(empty.status).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
  });
});
