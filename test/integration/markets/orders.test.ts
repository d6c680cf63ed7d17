import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOrderError, MarketNotFoundError, MarketNotOpenError, OrderNotFoundError } from '../../../shared/markets/index.js';
import { binaryMarket, expectInvariants, harness, limit, marketOrder, type Harness } from './support.js';

describe('TradingService orders', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function bookWith(users: string[], cash = 100_000): Promise<string> {
    h = harness();
    for (const user of users) await h.credit(user, cash);
    return (await h.service.createMarket('admin', binaryMarket())).id;
  }

  describe('placeOrder', () => {
    it('takes one batchGet and one write per placement, resting or matching', async () => {
      const marketId = await bookWith(['A', 'B']);
      const counts = [];
      for (let i = 0; i < 10; i += 1) {
        h.store.take();
        await h.service.placeOrder(i % 2 === 0 ? 'A' : 'B', marketId, limit(i % 2 === 0 ? 'YES' : 'NO', 'buy', 50, 3));
        counts.push(h.store.take());
      }
      expect(counts.every((c) => c.batchGet === 1 && c.write === 1 && c.total === 2)).toBe(true);
      await expectInvariants(h, [marketId]);
    });

    it('stores a rejected order for the history and changes nothing else', async () => {
      const marketId = await bookWith(['A'], 100);
      const { order, fills } = await h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 10));
      expect(order).toMatchObject({ status: 'rejected', rejectReason: 'insufficient_funds', filledQuantity: 0 });
      expect(fills).toEqual([]);
      expect((await h.service.myOrders('A')).items).toEqual([order]);
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 100, locked: 0 });
      expect((await h.service.marketSnapshot(marketId)).record.sequence).toBe(0);
    });

    it('turns engine refusals of malformed orders into InvalidOrderError (422), never a 500', async () => {
      const marketId = await bookWith(['A']);
      const refusals = [
        { outcome: 'MAYBE', side: 'buy', type: 'limit', price: 50, quantity: 1 },
        { outcome: 'YES', side: 'buy', type: 'limit', quantity: 1 },
        { outcome: 'YES', side: 'buy', type: 'market', quantity: 1, timeInForce: 'GTC' },
        { outcome: 'YES', side: 'sell', type: 'market', quantity: 1, maxCost: 100 },
      ] as const;
      for (const input of refusals) {
        const error = await h.service.placeOrder('A', marketId, input).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidOrderError);
        expect(error).toMatchObject({ code: 'INVALID_ORDER', httpStatus: 422 });
      }
    });

    it('refuses orders on a paused market, a market past closesAt (reported closed) and an unknown market', async () => {
      const marketId = await bookWith(['A']);
      await h.service.setPaused(marketId, true);
      await expect(h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 1))).rejects.toMatchObject({ code: 'MARKET_NOT_OPEN', httpStatus: 409, status: 'paused' });
      await h.service.setPaused(marketId, false);
      await h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 1));

      h.clock.ms = Date.parse('2030-01-01T00:00:00.000Z');
      const error = await h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MarketNotOpenError);
      expect(error).toMatchObject({ status: 'closed' });
      expect((await h.service.getMarket(marketId)).status).toBe('closed');
      await expect(h.service.placeOrder('A', 'no-such-market', limit('YES', 'buy', 50, 1))).rejects.toBeInstanceOf(MarketNotFoundError);
    });

    it('refuses a resting order past the book\'s size limit with BookFullError (422); IOC still trades', async () => {
      h = harness({ maxRestingOrders: 3 });
      for (const u of ['A', 'B']) await h.credit(u, 10_000);
      const marketId = (await h.service.createMarket('admin', binaryMarket())).id;
      for (const price of [10, 11, 12]) await h.service.placeOrder('A', marketId, limit('YES', 'buy', price, 1));
      await expect(h.service.placeOrder('B', marketId, limit('NO', 'buy', 20, 1))).rejects.toMatchObject({ code: 'BOOK_FULL', httpStatus: 422 });
      expect((await h.service.placeOrder('B', marketId, limit('NO', 'buy', 88, 1, 'IOC'))).fills).toEqual([{ kind: 'mint', price: 88, quantity: 1 }]);
      expect((await h.service.placeOrder('B', marketId, limit('NO', 'buy', 20, 1))).order.status).toBe('open');
      await expectInvariants(h, [marketId]);
    });

    it('refuses trading once the market is resolved', async () => {
      const marketId = await bookWith(['A']);
      await h.service.requestResolution(marketId, 'NO');
      await expect(h.service.placeOrder('A', marketId, limit('YES', 'buy', 50, 1))).rejects.toMatchObject({ code: 'MARKET_NOT_OPEN', status: 'resolved' });
    });
  });

  describe('cancels', () => {
    it('cancelOrder releases the lock; someone else\'s order or an unknown one is not found', async () => {
      const marketId = await bookWith(['A', 'B'], 1_000);
      const { order } = await h.service.placeOrder('A', marketId, limit('YES', 'buy', 40, 10));
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 600, locked: 400 });
      await expect(h.service.cancelOrder('B', marketId, order.id)).rejects.toBeInstanceOf(OrderNotFoundError);
      await expect(h.service.cancelOrder('A', marketId, 'nope')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND', httpStatus: 404 });
      h.store.take();
      const cancelled = await h.service.cancelOrder('A', marketId, order.id);
      expect(h.store.take()).toMatchObject({ get: 1, write: 1, total: 2 });
      expect(cancelled.order).toMatchObject({ id: order.id, status: 'cancelled', filledQuantity: 0 });
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 1_000, locked: 0 });
      await expect(h.service.cancelOrder('A', marketId, order.id)).rejects.toBeInstanceOf(OrderNotFoundError);
      await expectInvariants(h, [marketId]);
    });

    it('cancelling a resting sell gives the shares back', async () => {
      const marketId = await bookWith(['A', 'B'], 1_000);
      await h.service.placeOrder('A', marketId, limit('YES', 'buy', 60, 5));
      await h.service.placeOrder('B', marketId, limit('NO', 'buy', 40, 5));
      const { order } = await h.service.placeOrder('A', marketId, limit('YES', 'sell', 80, 3));
      await h.service.cancelOrder('A', marketId, order.id);
      expect((await h.service.positions('A')).positions).toMatchObject([{ outcome: 'YES', shares: 5 }]);
      const { order: again } = await h.service.placeOrder('A', marketId, limit('YES', 'sell', 80, 5));
      expect(again.status).toBe('open');
      await expectInvariants(h, [marketId]);
    });

    it('cancelAll cancels every resting order of the caller only, in writes of at most 90 orders', async () => {
      const marketId = await bookWith(['A', 'B']);
      for (let i = 0; i < 95; i += 1) await h.service.placeOrder('A', marketId, limit('YES', 'buy', 10 + (i % 30), 1));
      await h.service.placeOrder('B', marketId, limit('NO', 'buy', 20, 1));
      h.store.take();
      const { cancelled } = await h.service.cancelAll('A', marketId);
      expect(h.store.take().write).toBe(2);
      expect(cancelled).toHaveLength(95);
      expect(cancelled.every((o) => o.status === 'cancelled')).toBe(true);
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 100_000, locked: 0 });
      expect((await h.service.bookDepth(marketId)).outcomes['NO']?.bids).toEqual([{ price: 20, quantity: 1 }]);
      expect((await h.service.cancelAll('A', marketId)).cancelled).toEqual([]);
      await expectInvariants(h, [marketId]);
    });
  });

  describe('myOrders', () => {
    it('lists the caller\'s orders newest first, across markets or for one market, page by page', async () => {
      const first = await bookWith(['A', 'B']);
      const second = (await h.service.createMarket('admin', binaryMarket())).id;
      const placed = [];
      for (let i = 0; i < 5; i += 1) placed.push((await h.service.placeOrder('A', i % 2 === 0 ? first : second, limit('YES', 'buy', 30 + i, 1))).order);
      await h.service.placeOrder('B', first, limit('NO', 'buy', 10, 1));

      const page1 = await h.service.myOrders('A', {}, { limit: 3 });
      const page2 = await h.service.myOrders('A', {}, { limit: 3, ...(page1.cursor ? { cursor: page1.cursor } : {}) });
      expect([...page1.items, ...page2.items].map((o) => o.id)).toEqual(placed.map((o) => o.id).reverse());
      expect(page2.cursor).toBeUndefined();
      const inFirst = await h.service.myOrders('A', { marketId: first });
      expect(inFirst.items.map((o) => o.price)).toEqual([34, 32, 30]);
      expect(inFirst.items.every((o) => o.marketId === first)).toBe(true);
      await expect(h.service.myOrders('A', {}, { cursor: 'forged' })).rejects.toMatchObject({ code: 'INVALID_CURSOR', httpStatus: 400 });
    });

    it('shows makers\' orders as they fill', async () => {
      const marketId = await bookWith(['A', 'B']);
      const { order } = await h.service.placeOrder('A', marketId, limit('YES', 'buy', 55, 10));
      await h.service.placeOrder('B', marketId, marketOrder('NO', 'buy', 4));
      expect((await h.service.myOrders('A')).items[0]).toMatchObject({ id: order.id, status: 'partially_filled', filledQuantity: 4 });
    });
  });
});
