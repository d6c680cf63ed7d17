import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HttpRankingService } from '../../../shared/adapters/http/http-ranking-service.js';
import { OutboundHttpError, OutboundJson } from '../../../shared/adapters/http/outbound-json.js';
import { startFakeRankingService, type FakeRankingService } from '../../helpers/third-party.js';

const documents = [
  { id: 'm1', text: 'election' },
  { id: 'm2', text: 'weather' },
  { id: 'm3', text: 'sports' },
];

describe('the ranking service over real HTTP (a local third party with injected faults)', () => {
  let service: FakeRankingService;
  beforeAll(async () => {
    service = await startFakeRankingService();
  });
  afterAll(async () => {
    await service.close();
  });
  beforeEach(() => {
    service.mode = 'ok';
    service.delayMs = 0;
  });

  it('sends the query and documents, and returns its ranking', async () => {
    const ranking = new HttpRankingService(new OutboundJson({ timeoutMs: 1000 }), service.url);
    expect((await ranking.rank('anything', documents)).map((s) => s.id)).toEqual(['m3', 'm2', 'm1']);
    expect(service.calls.at(-1)).toEqual({ query: 'anything', ids: ['m1', 'm2', 'm3'] });
  });

  it('serves the last answer to the same request when the third party fails (cached-response fallback)', async () => {
    const http = new OutboundJson({ timeoutMs: 1000 });
    const ranking = new HttpRankingService(http, service.url);
    await ranking.rank('cached', documents);
    service.mode = 'fail';
    expect((await ranking.rank('cached', documents)).map((s) => s.id)).toEqual(['m3', 'm2', 'm1']);
    expect((await http.post(service.url, { query: 'cached', documents })).fromFallback).toBe(true);
    await expect(ranking.rank('never asked before', documents)).rejects.toBeInstanceOf(OutboundHttpError);
  });

  it('gives up after its timeout, and refuses an answer of the wrong shape', async () => {
    service.delayMs = 300;
    const ranking = new HttpRankingService(new OutboundJson({ timeoutMs: 50 }), service.url);
    await expect(ranking.rank('slow', documents)).rejects.toThrow('timed out');
    service.delayMs = 0;
    service.mode = 'garbage';
    await expect(ranking.rank('garbage', documents)).rejects.toThrow('unexpected shape');
  });

  it('runs every call under the external_apis guard it is given', async () => {
    let guarded = 0;
    const http = new OutboundJson({ timeoutMs: 1000, guard: (call) => ((guarded += 1), call()) });
    await new HttpRankingService(http, service.url).rank('guarded', documents);
    expect(guarded).toBe(1);
  });
});
