import { afterEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { ContentionError, TradingService } from '../../../shared/markets/index.js';
import { TransactionConflictError } from '../../../shared/store/errors.js';
import { binaryMarket, expectInvariants, harness, HookedStore, limit, TestClock, type Harness } from './support.js';

describe('TradingService placement: maker cap and races', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function bookWith(users: string[], cash = 100_000): Promise<string> {
    h = harness();
    for (const user of users) await h.credit(user, cash);
    return (await h.service.createMarket('admin', binaryMarket())).id;
  }

  describe('maker cap (one write stays within 100 items)', () => {
    /** 20 makers, each resting 1 NO bid at 40 (a YES ask at 60 through complementary matching). */
    async function twentyMakers(): Promise<string> {
      const makers = Array.from({ length: 20 }, (_, i) => `m${i}`);
      const marketId = await bookWith([...makers, 'T']);
      for (const m of makers) await h.service.placeOrder(m, marketId, limit('NO', 'buy', 40, 1));
      return marketId;
    }

    it('an IOC taker fills against the first 15 makers in one write and the rest of it expires', async () => {
      const marketId = await twentyMakers();
      const writes: number[] = [];
      h.store.take();
      const { order, fills } = await h.service.placeOrder('T', marketId, limit('YES', 'buy', 60, 20, 'IOC'));
      writes.push(h.store.take().write);
      expect(fills).toHaveLength(15);
      expect(order).toMatchObject({ status: 'cancelled', filledQuantity: 15 });
      expect(writes).toEqual([1]);
      expect((await h.service.bookDepth(marketId)).outcomes['NO']?.bids).toEqual([{ price: 40, quantity: 5 }]);
      await expectInvariants(h, [marketId]);
    });

    it('a FOK taker that needs more makers than one write holds is rejected, changing nothing', async () => {
      const marketId = await twentyMakers();
      const { order } = await h.service.placeOrder('T', marketId, limit('YES', 'buy', 60, 20, 'FOK'));
      expect(order).toMatchObject({ status: 'rejected', rejectReason: 'fill_or_kill' });
      expect((await h.service.bookDepth(marketId)).outcomes['NO']?.bids).toEqual([{ price: 40, quantity: 20 }]);
    });

    it('a GTC taker rests its remainder and sweeps on in a second write until the book no longer crosses', async () => {
      const marketId = await twentyMakers();
      h.store.take();
      const { order, fills } = await h.service.placeOrder('T', marketId, limit('YES', 'buy', 60, 25));
      const trips = h.store.take();
      expect(fills).toHaveLength(20);
      expect(order).toMatchObject({ status: 'partially_filled', filledQuantity: 20 });
      expect({ batchGet: trips.batchGet, write: trips.write }).toEqual({ batchGet: 2, write: 2 });
      expect((await h.service.bookDepth(marketId)).outcomes).toEqual({ YES: { bids: [{ price: 60, quantity: 5 }], asks: [] }, NO: { bids: [], asks: [] } });
      expect((await h.service.marketSnapshot(marketId)).record.sweep).toBeNull();
      await expectInvariants(h, [marketId]);
    });

    it('injectFault (process dies after the first write): the next placement on the market finishes the sweep first', async () => {
      const makers = Array.from({ length: 20 }, (_, i) => `m${i}`);
      const hooked = new HookedStore(new SqliteItemStore({ path: ':memory:' }));
      h = harness({ inner: hooked });
      for (const user of [...makers, 'T', 'U']) await h.credit(user, 100_000);
      const marketId = (await h.service.createMarket('admin', binaryMarket())).id;
      for (const m of makers) await h.service.placeOrder(m, marketId, limit('NO', 'buy', 40, 1));
      let writes = 0;
      hooked.onWrite = async () => {
        writes += 1;
        if (writes === 2) throw new Error('container frozen');
      };
      await expect(h.service.placeOrder('T', marketId, limit('YES', 'buy', 60, 25))).rejects.toThrow('container frozen');
      hooked.onWrite = undefined;
      const crossed = await h.service.marketSnapshot(marketId);
      expect(crossed.record.sweep).toMatchObject({ userId: 'T' });
      // U's order first completes T's sweep, then rests on the uncrossed book.
      await h.service.placeOrder('U', marketId, limit('NO', 'buy', 30, 1));
      const t = (await h.service.myOrders('T')).items[0];
      expect(t).toMatchObject({ status: 'partially_filled', filledQuantity: 20 });
      expect((await h.service.marketSnapshot(marketId)).record.sweep).toBeNull();
      await expectInvariants(h, [marketId]);
    });
  });

  describe('optimistic concurrency', () => {
    it('a placement that loses the race on the market sequence reads again and succeeds', async () => {
      const hooked = new HookedStore(new SqliteItemStore({ path: ':memory:' }));
      h = harness({ inner: hooked });
      const rival = new TradingService({ store: h.inner, clock: new TestClock() });
      for (const user of ['A', 'B']) await h.credit(user, 10_000);
      const marketId = (await h.service.createMarket('admin', binaryMarket())).id;
      let rivalDone = false;
      hooked.onWrite = async () => {
        if (rivalDone) return;
        rivalDone = true;
        // Another container's order lands between A's read and A's write.
        await rival.placeOrder('B', marketId, limit('NO', 'buy', 55, 2));
      };
      h.store.take();
      const { order, fills } = await h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 2));
      // A's first write found the sequence moved: one more read and write, and A now matches B's bid.
      expect(h.store.take()).toMatchObject({ batchGet: 2, write: 2 });
      expect(fills).toEqual([{ kind: 'mint', price: 45, quantity: 2 }]);
      expect(order.status).toBe('filled');
      expect((await h.service.bookDepth(marketId)).outcomes['NO']?.bids).toEqual([]);
      await expectInvariants(h, [marketId]);
    });

    it('a debit conditioned on the cash: spent in another market meanwhile, the retry is refused for insufficient funds', async () => {
      const hooked = new HookedStore(new SqliteItemStore({ path: ':memory:' }));
      h = harness({ inner: hooked });
      const rival = new TradingService({ store: h.inner, clock: new TestClock() });
      await h.credit('A', 1_000);
      const first = (await h.service.createMarket('admin', binaryMarket())).id;
      const second = (await h.service.createMarket('admin', binaryMarket())).id;
      let spent = false;
      hooked.onWrite = async () => {
        if (spent) return;
        spent = true;
        await rival.placeOrder('A', second, limit('YES', 'buy', 90, 10));
      };
      const { order } = await h.service.placeOrder('A', first, limit('YES', 'buy', 50, 10));
      expect(order).toMatchObject({ status: 'rejected', rejectReason: 'insufficient_funds' });
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 100, locked: 900 });
      await expectInvariants(h, [first, second]);
    });

    it('injectFault (every write conflicts): retries with back-off, then ContentionError (503, Retry-After)', async () => {
      const hooked = new HookedStore(new SqliteItemStore({ path: ':memory:' }));
      h = harness({ inner: hooked, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } });
      await h.credit('A', 1_000);
      const marketId = (await h.service.createMarket('admin', binaryMarket())).id;
      hooked.onWrite = async () => {
        throw new TransactionConflictError();
      };
      h.store.take();
      const error = await h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentionError);
      expect(error).toMatchObject({ httpStatus: 503, retryAfterSeconds: 1, attempts: 4 });
      expect(h.store.take()).toMatchObject({ batchGet: 4, write: 4 });
    });
  });

});
