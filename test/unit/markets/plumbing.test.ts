import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { ContentionError, CountingItemStore, InvalidPageCursorError, MarketsError, MarketsInternalError } from '../../../shared/markets/index.js';
import { JOURNAL_SHARDS, journalShard, marketCommandId } from '../../../shared/markets/keys.js';
import { decodePageCursor, encodePageCursor, pageSize } from '../../../shared/markets/paging.js';
import { done, RETRY, withRetries } from '../../../shared/markets/retry.js';
import { commit, WriteBatch } from '../../../shared/markets/write-batch.js';
import type { WriteOp } from '../../../shared/store/port.js';

const put = (pk: string, extra: Record<string, number> = {}): WriteOp => ({ type: 'put', table: 'main', item: { pk, sk: 'x', ...extra } });
const versionIs = (pk: string, v: number): WriteOp => ({ type: 'update', table: 'main', key: { pk, sk: 'x' }, update: { add: { v: 1 } }, condition: { kind: 'compare', name: 'v', op: '=', value: v } });

describe('commit: one atomic write, failures told apart by the tag of the failed condition', () => {
  let store: SqliteItemStore;
  beforeEach(async () => {
    store = new SqliteItemStore({ path: ':memory:' });
    await store.write([put('a', { v: 1 }), put('b', { v: 1 })]);
  });
  afterEach(() => store.close());

  it('applies every op or none', async () => {
    expect(await commit(store, new WriteBatch().add(versionIs('a', 1), 'race').add(put('c')))).toEqual({ ok: true });
    expect(await commit(store, new WriteBatch().add(put('d')).add(versionIs('a', 1), 'race'))).toEqual({ ok: false, reason: 'race' });
    expect(await store.get('main', { pk: 'd', sk: 'x' })).toBeUndefined();
    expect((await store.get('main', { pk: 'a', sk: 'x' }))?.v).toBe(2);
  });

  it('a lost lease is returned as such; an untagged or `exists` failure is a bug, thrown', async () => {
    expect(await commit(store, new WriteBatch().add(versionIs('b', 7), 'lease'))).toEqual({ ok: false, reason: 'lease' });
    await expect(commit(store, new WriteBatch().add(versionIs('b', 7)))).rejects.toBeInstanceOf(MarketsInternalError);
    await expect(commit(store, new WriteBatch().add({ ...put('a'), condition: { kind: 'itemNotExists' } }, 'exists'))).rejects.toMatchObject({ httpStatus: 500 });
  });

  it('refuses a batch over the store limit before sending it', async () => {
    const batch = new WriteBatch();
    for (let i = 0; i < 101; i += 1) batch.add(put(`k${i}`));
    await expect(commit(store, batch)).rejects.toBeInstanceOf(MarketsInternalError);
  });

  it('CountingItemStore counts each round trip at the port', async () => {
    const counting = new CountingItemStore(store);
    await counting.get('main', { pk: 'a', sk: 'x' });
    await counting.batchGet('main', [{ pk: 'a', sk: 'x' }]);
    await counting.query('main', { partition: 'a' });
    await counting.write([put('e')]);
    expect(counting.counts).toEqual({ get: 1, batchGet: 1, query: 1, write: 1, total: 4 });
    expect(counting.take().total).toBe(4);
    expect(counting.counts.total).toBe(0);
  });
});

describe('withRetries', () => {
  it('retries lost races with jittered back-off and returns the first success', async () => {
    let calls = 0;
    const value = await withRetries({ attempts: 5, baseDelayMs: 1, maxDelayMs: 2 }, async () => (++calls < 3 ? RETRY : done('ok')));
    expect({ value, calls }).toEqual({ value: 'ok', calls: 3 });
  });

  it('gives up with ContentionError (503) after the last attempt', async () => {
    let calls = 0;
    const error = await withRetries({ attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }, async () => (calls++, RETRY)).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ContentionError);
    expect(error).toBeInstanceOf(MarketsError);
    expect(error).toMatchObject({ code: 'CONTENTION', httpStatus: 503, retryAfterSeconds: 1 });
  });
});

describe('cursors, page sizes and keys', () => {
  it('round-trips the service\'s own cursors and refuses anything else', () => {
    expect(decodePageCursor(encodePageCursor({ s: 2, k: 'x#y' }))).toEqual({ s: 2, k: 'x#y' });
    for (const bad of ['%%%', Buffer.from('[1,2]').toString('base64url'), Buffer.from('7').toString('base64url')]) {
      expect(() => decodePageCursor(bad)).toThrow(InvalidPageCursorError);
    }
  });

  it('caps page sizes to 1–100, 50 by default', () => {
    expect([pageSize(undefined), pageSize(0), pageSize(7), pageSize(1_000)]).toEqual([50, 1, 7, 100]);
  });

  it('spreads journal items over the shards, deterministically; command ids sort by sequence', () => {
    const shards = new Set(Array.from({ length: 500 }, (_, i) => journalShard(`cmd-${i}`)));
    expect(shards.size).toBe(JOURNAL_SHARDS);
    expect(journalShard('same')).toBe(journalShard('same'));
    expect([marketCommandId('m', 10), marketCommandId('m', 9)].sort()).toEqual([marketCommandId('m', 9), marketCommandId('m', 10)]);
  });
});
