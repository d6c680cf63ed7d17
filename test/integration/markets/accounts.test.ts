import { afterEach, describe, expect, it } from 'vitest';
import { SqliteItemStore } from '../../../shared/adapters/store/sqlite/index.js';
import { InvalidAmountError } from '../../../shared/markets/index.js';
import { TransactionConflictError } from '../../../shared/store/errors.js';
import { ammMarket, binaryMarket, expectInvariants, harness, HookedStore, limit, marketOrder, type Harness } from './support.js';

describe('TradingService accounts, positions and the ledger', () => {
  let h: Harness;
  afterEach(() => h.close());

  describe('credit and account', () => {
    it('creates the account on the first credit, adds on later ones, and returns the entry id and available', async () => {
      h = harness();
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 0, locked: 0 });
      const first = await h.service.credit('A', 2_500, 'welcome bonus', 'admin-1');
      expect(first.available).toBe(2_500);
      expect(first.entryId).toMatch(/^credit-.+#0$/);
      const second = await h.service.credit('A', 500, 'top-up', 'admin-1');
      expect(second.available).toBe(3_000);
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 3_000, locked: 0 });
      expect(await h.service.ledgerTotals()).toEqual({ 'user:A:available': 3_000, 'external:funding': -3_000 });
    });

    it('injectFault (the write conflicts once): the credit is retried and applied exactly once', async () => {
      const hooked = new HookedStore(new SqliteItemStore({ path: ':memory:' }));
      h = harness({ inner: hooked });
      let conflicts = 0;
      hooked.onWrite = async () => {
        if (conflicts++ === 0) throw new TransactionConflictError();
      };
      expect((await h.service.credit('A', 700, 'bonus', 'admin')).available).toBe(700);
      expect(conflicts).toBe(2);
      expect(await h.service.ledgerTotals()).toEqual({ 'user:A:available': 700, 'external:funding': -700 });
    });

    it('refuses amounts that are not whole positive cents', async () => {
      h = harness();
      for (const amount of [0, -5, 1.5, Number.MAX_SAFE_INTEGER]) {
        await expect(h.service.credit('A', amount, 'bad', 'admin')).rejects.toBeInstanceOf(InvalidAmountError);
      }
      expect(await h.service.ledgerTotals()).toEqual({});
    });

    it('keeps locked as a running total over every market', async () => {
      h = harness();
      await h.credit('A', 10_000);
      const one = (await h.service.createMarket('admin', binaryMarket())).id;
      const two = (await h.service.createMarket('admin', binaryMarket())).id;
      await h.service.placeOrder('A', one, limit('YES', 'buy', 30, 10));
      await h.service.placeOrder('A', two, limit('NO', 'buy', 20, 5));
      expect(await h.service.account('A')).toEqual({ userId: 'A', available: 10_000 - 300 - 100, locked: 400 });
      await expectInvariants(h, [one, two]);
    });
  });

  describe('positions', () => {
    it('marks each held outcome to market: average price paid, value = shares × mark, P&L = value − cost', async () => {
      h = harness();
      for (const u of ['A', 'B', 'C']) await h.credit(u, 10_000);
      const id = (await h.service.createMarket('admin', binaryMarket())).id;
      await h.service.placeOrder('A', id, limit('YES', 'buy', 60, 10));
      await h.service.placeOrder('B', id, limit('NO', 'buy', 40, 10));
      await h.service.placeOrder('A', id, limit('YES', 'sell', 70, 4));
      await h.service.placeOrder('C', id, limit('YES', 'buy', 70, 4));
      // A bought 10 at 60, sold 4: 6 left at an average of 60, marked at the last trade (70).
      expect((await h.service.positions('A')).positions).toEqual([{ marketId: id, outcome: 'YES', shares: 6, averagePrice: 60, markPrice: 70, value: 420, unrealizedPnl: 60 }]);
      expect((await h.service.positions('B')).positions).toEqual([{ marketId: id, outcome: 'NO', shares: 10, averagePrice: 40, markPrice: 30, value: 300, unrealizedPnl: -100 }]);
      expect((await h.service.positions('C')).positions).toEqual([{ marketId: id, outcome: 'YES', shares: 4, averagePrice: 70, markPrice: 70, value: 280, unrealizedPnl: 0 }]);
    });

    it('rounds: averagePrice to 2 decimals, cost half up to a whole cent; shares in resting sells still count', async () => {
      h = harness();
      for (const u of ['A', 'B']) await h.credit(u, 10_000);
      await h.credit('Z', 100_000);
      const amm = (await h.service.createMarket('Z', ammMarket())).id;
      await h.service.placeOrder('A', amm, marketOrder('YES', 'buy', 3));
      const [position] = (await h.service.positions('A')).positions;
      const paid = 10_000 - (await h.service.account('A')).available;
      expect(position).toMatchObject({ shares: 3, averagePrice: Math.round((paid / 3) * 100) / 100 });
      expect(position?.unrealizedPnl).toBe((position?.value ?? 0) - paid);

      const book = (await h.service.createMarket('admin', binaryMarket())).id;
      await h.service.placeOrder('A', book, limit('YES', 'buy', 33, 3));
      await h.service.placeOrder('B', book, limit('NO', 'buy', 67, 3));
      await h.service.placeOrder('A', book, limit('YES', 'sell', 90, 2));
      const rows = (await h.service.positions('A')).positions.filter((p) => p.marketId === book);
      expect(rows).toEqual([{ marketId: book, outcome: 'YES', shares: 3, averagePrice: 33, markPrice: 33, value: 99, unrealizedPnl: 0 }]);
    });

    it('drops positions once they are settled', async () => {
      h = harness();
      for (const u of ['A', 'B']) await h.credit(u, 10_000);
      const id = (await h.service.createMarket('admin', binaryMarket())).id;
      await h.service.placeOrder('A', id, limit('YES', 'buy', 50, 2));
      await h.service.placeOrder('B', id, limit('NO', 'buy', 50, 2));
      const { taskId } = await h.service.requestResolution(id, 'NO');
      expect((await h.service.positions('A')).positions).toMatchObject([{ outcome: 'YES', shares: 2, markPrice: 0, value: 0, unrealizedPnl: -100 }]);
      await h.service.runTask(taskId);
      expect((await h.service.positions('A')).positions).toEqual([]);
    });
  });

  describe('ledger', () => {
    it('lists every entry touching the user\'s accounts, newest first, signed (+ into the account)', async () => {
      h = harness();
      for (const u of ['A', 'B']) await h.credit(u, 1_000);
      const id = (await h.service.createMarket('admin', binaryMarket())).id;
      await h.service.placeOrder('A', id, limit('YES', 'buy', 60, 5));
      await h.service.placeOrder('B', id, limit('NO', 'buy', 40, 5));
      const rows = (await h.service.ledger('A')).items.map(({ account, amount, reason, marketId }) => ({ account, amount, reason, marketId }));
      expect(rows).toEqual([
        { account: 'user:A:locked', amount: -300, reason: 'mint_collateral', marketId: id },
        { account: 'user:A:available', amount: -300, reason: 'order_lock', marketId: id },
        { account: 'user:A:locked', amount: 300, reason: 'order_lock', marketId: id },
        { account: 'user:A:available', amount: 1_000, reason: 'credit', marketId: null },
      ]);
      const ids = (await h.service.ledger('A')).items.map((r) => r.id);
      expect(ids[1]).toBe(`${id}#1#0`);
      expect(ids[1]).toBe(ids[2]);
    });

    it('pages by rows, also inside one command\'s postings, and the pages join up exactly', async () => {
      h = harness();
      for (const u of ['A', 'B']) await h.credit(u, 10_000);
      const id = (await h.service.createMarket('admin', binaryMarket())).id;
      for (let i = 0; i < 4; i += 1) {
        await h.service.placeOrder('A', id, limit('YES', 'buy', 55, 1));
        await h.service.placeOrder('B', id, limit('NO', 'buy', 50, 1));
      }
      const all = (await h.service.ledger('A', { limit: 100 })).items;
      for (const size of [1, 2, 3, 5]) {
        const seen = [];
        let cursor: string | undefined;
        do {
          const page = await h.service.ledger('A', { limit: size, ...(cursor ? { cursor } : {}) });
          expect(page.items.length).toBeLessThanOrEqual(size);
          seen.push(...page.items);
          cursor = page.cursor;
        } while (cursor);
        expect(seen).toEqual(all);
      }
      // A's rows sum to what A holds: 4 mints at A's own price 55 (B, the taker, paid 45).
      expect(all.reduce((sum, r) => sum + r.amount, 0)).toBe(10_000 - 4 * 55);
      await expect(h.service.ledger('A', { cursor: 'eyJrIjoiT1JERVIjIiwic2tpcCI6MH0' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });
  });
});
