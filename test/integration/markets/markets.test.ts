import { afterEach, describe, expect, it } from 'vitest';
import { InsufficientFundsError, InvalidMarketInputError, MarketNotFoundError, MarketNotOpenError } from '../../../shared/markets/index.js';
import { ammMarket, binaryMarket, expectInvariants, harness, limit, marketOrder, type Harness } from './support.js';

describe('TradingService markets', () => {
  let h: Harness;
  afterEach(() => h.close());

  describe('createMarket', () => {
    it('creates an order-book market: YES/NO, open, prices 50, nothing paid', async () => {
      h = harness();
      const market = await h.service.createMarket('admin', binaryMarket({ closesAt: '2030-01-01T02:00:00+02:00', feeBps: 25 }));
      expect(market).toMatchObject({
        type: 'binary',
        engine: 'orderbook',
        status: 'open',
        outcomes: [{ name: 'YES', price: 50 }, { name: 'NO', price: 50 }],
        volume: 0,
        closesAt: '2030-01-01T00:00:00.000Z',
        feeBps: 25,
      });
      expect(await h.service.getMarket(market.id)).toEqual(market);
      expect(await h.service.ledgerTotals()).toEqual({});
    });

    it('an AMM market: the creator pays ⌈100·b·ln n⌉ in the same write, ledger-backed', async () => {
      h = harness();
      await h.credit('Z', 50_000);
      const market = await h.service.createMarket('Z', ammMarket({ type: 'categorical', outcomes: ['Seed', 'Series A', 'Series B'], liquidity: 200 }));
      const subsidy = Math.ceil(100 * 200 * Math.log(3));
      expect(await h.service.account('Z')).toEqual({ userId: 'Z', available: 50_000 - subsidy, locked: 0 });
      expect(market.outcomes.map((o) => o.price)).toEqual([34, 33, 33]);
      const ledger = await h.service.ledger('Z');
      expect(ledger.items[0]).toMatchObject({ account: 'user:Z:available', amount: -subsidy, reason: 'amm_subsidy', marketId: market.id });
      await expectInvariants(h, [market.id]);
    });

    it('an AMM creator who cannot pay the subsidy gets InsufficientFundsError (422) and nothing is written', async () => {
      h = harness();
      await h.credit('Z', 1_000);
      const error = await h.service.createMarket('Z', ammMarket()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InsufficientFundsError);
      expect(error).toMatchObject({ httpStatus: 422 });
      expect((await h.service.listMarkets({})).items).toEqual([]);
      expect(await h.service.account('Z')).toEqual({ userId: 'Z', available: 1_000, locked: 0 });
    });

    it.each([
      ['closesAt in the past', binaryMarket({ closesAt: '2025-12-31T00:00:00Z' })],
      ['binary with other outcomes', binaryMarket({ outcomes: ['UP', 'DOWN'] })],
      ['categorical without outcomes', ammMarket({ type: 'categorical' })],
      ['categorical on the order book', binaryMarket({ type: 'categorical', outcomes: ['A', 'B', 'C'] })],
      ['duplicate outcomes', ammMarket({ type: 'categorical', outcomes: ['A', 'A'] })],
      ['liquidity on the order book', binaryMarket({ liquidity: 50 })],
    ])('refuses %s with InvalidMarketInputError (400)', async (_name, input) => {
      h = harness();
      await h.credit('admin', 100_000);
      const error = await h.service.createMarket('admin', input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidMarketInputError);
      expect(error).toMatchObject({ code: 'INVALID_MARKET_INPUT', httpStatus: 400 });
    });
  });

  describe('getMarket prices and volume', () => {
    it('order book: 50 with an empty or one-sided book, the mid of best bid and ask, then the last trade', async () => {
      h = harness();
      for (const u of ['A', 'B']) await h.credit(u, 10_000);
      const { id } = await h.service.createMarket('admin', binaryMarket());
      const prices = async () => (await h.service.getMarket(id)).outcomes.map((o) => o.price);
      await h.service.placeOrder('A', id, limit('YES', 'buy', 30, 1));
      expect(await prices()).toEqual([50, 50]);
      // YES bid 30, NO bid 40 (a YES ask at 60): YES mid 45, NO mid 55.
      await h.service.placeOrder('B', id, limit('NO', 'buy', 40, 1));
      expect(await prices()).toEqual([45, 55]);
      await h.service.placeOrder('B', id, marketOrder('NO', 'buy', 1));
      expect(await prices()).toEqual([30, 70]);
      expect((await h.service.getMarket(id)).volume).toBe(70);
    });

    it('AMM: the engine display prices, summing to 100', async () => {
      h = harness();
      await h.credit('Z', 100_000);
      await h.credit('A', 10_000);
      const { id } = await h.service.createMarket('Z', ammMarket());
      await h.service.placeOrder('A', id, marketOrder('YES', 'buy', 50));
      const market = await h.service.getMarket(id);
      expect(market.outcomes).toEqual([{ name: 'YES', price: 62 }, { name: 'NO', price: 38 }]);
      expect(market.volume).toBeGreaterThan(50 * 50);
    });

    it('unknown market: MarketNotFoundError (404)', async () => {
      h = harness();
      await expect(h.service.getMarket('nope')).rejects.toMatchObject({ code: 'MARKET_NOT_FOUND', httpStatus: 404 });
      await expect(h.service.bookDepth('nope')).rejects.toBeInstanceOf(MarketNotFoundError);
      await expect(h.service.trades('nope')).rejects.toBeInstanceOf(MarketNotFoundError);
    });
  });

  describe('listMarkets', () => {
    async function fleet() {
      h = harness();
      const make = (closesAt: string, category: string) => h.service.createMarket('admin', binaryMarket({ closesAt, category }));
      const early = await make('2026-06-01T00:00:00.000Z', 'funding');
      const late = await make('2027-06-01T00:00:00.000Z', 'funding');
      const mid = await make('2026-12-01T00:00:00.000Z', 'exits');
      const paused = await make('2028-01-01T00:00:00.000Z', 'funding');
      await h.service.setPaused(paused.id, true);
      const resolved = await make('2029-01-01T00:00:00.000Z', 'exits');
      await h.service.requestResolution(resolved.id, 'YES');
      return { early, late, mid, paused, resolved };
    }
    const ids = (page: { items: { id: string }[] }) => page.items.map((m) => m.id);

    it('filters by status (open soonest-closing first) and by category', async () => {
      const m = await fleet();
      expect(ids(await h.service.listMarkets({ status: 'open' }))).toEqual([m.early.id, m.mid.id, m.late.id]);
      expect(ids(await h.service.listMarkets({ status: 'paused' }))).toEqual([m.paused.id]);
      expect(ids(await h.service.listMarkets({ status: 'resolved' }))).toEqual([m.resolved.id]);
      expect(ids(await h.service.listMarkets({ category: 'exits' }))).toEqual([m.mid.id, m.resolved.id]);
      expect(ids(await h.service.listMarkets({ status: 'open', category: 'funding' }))).toEqual([m.early.id, m.late.id]);
      expect(ids(await h.service.listMarkets({ status: 'settled' }))).toEqual([]);
    });

    it('a market past closesAt moves from open to closed (most recently closed first), without any write', async () => {
      const m = await fleet();
      h.clock.ms = Date.parse('2027-01-01T00:00:00.000Z');
      expect(ids(await h.service.listMarkets({ status: 'open' }))).toEqual([m.late.id]);
      expect(ids(await h.service.listMarkets({ status: 'closed' }))).toEqual([m.mid.id, m.early.id]);
      const closed = await h.service.listMarkets({ status: 'closed' });
      expect(closed.items.every((x) => x.status === 'closed')).toBe(true);
    });

    it('pages through every group with a cursor: open, paused, closed, resolved…, each market once', async () => {
      const m = await fleet();
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await h.service.listMarkets({}, { limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...ids(page));
        cursor = page.cursor;
      } while (cursor);
      expect(seen).toEqual([m.early.id, m.mid.id, m.late.id, m.paused.id, m.resolved.id]);
      await expect(h.service.listMarkets({}, { cursor: 'eyJzIjo5OX0' })).rejects.toMatchObject({ code: 'INVALID_CURSOR', httpStatus: 400 });
      await expect(h.service.listMarkets({}, { cursor: '%%%' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });
  });

  describe('bookDepth and trades', () => {
    it('aggregates resting orders per price level, best first; an AMM market has empty sides', async () => {
      h = harness();
      for (const u of ['A', 'B', 'Z']) await h.credit(u, 100_000);
      const { id } = await h.service.createMarket('admin', binaryMarket());
      await h.service.placeOrder('A', id, limit('YES', 'buy', 40, 2));
      await h.service.placeOrder('B', id, limit('YES', 'buy', 40, 3));
      await h.service.placeOrder('B', id, limit('YES', 'buy', 45, 1));
      expect(await h.service.bookDepth(id)).toEqual({ outcomes: { YES: { bids: [{ price: 45, quantity: 1 }, { price: 40, quantity: 5 }], asks: [] }, NO: { bids: [], asks: [] } } });
      const amm = await h.service.createMarket('Z', ammMarket());
      expect(await h.service.bookDepth(amm.id)).toEqual({ outcomes: { YES: { bids: [], asks: [] }, NO: { bids: [], asks: [] } } });
    });

    it('lists trades newest first with the taker\'s outcome and price, page by page', async () => {
      h = harness();
      for (const u of ['A', 'B']) await h.credit(u, 100_000);
      const { id } = await h.service.createMarket('admin', binaryMarket());
      await h.service.placeOrder('A', id, limit('YES', 'buy', 60, 3));
      await h.service.placeOrder('B', id, limit('NO', 'buy', 40, 1));
      await h.service.placeOrder('B', id, limit('NO', 'buy', 45, 2));
      await h.service.placeOrder('A', id, limit('YES', 'sell', 70, 1));
      await h.service.placeOrder('B', id, limit('YES', 'buy', 70, 1));
      const first = await h.service.trades(id, { limit: 2 });
      expect(first.items.map(({ at: _at, ...t }) => t)).toEqual([
        { outcome: 'YES', price: 70, quantity: 1, kind: 'transfer' },
        { outcome: 'NO', price: 40, quantity: 2, kind: 'mint' },
      ]);
      const rest = await h.service.trades(id, { limit: 2, ...(first.cursor ? { cursor: first.cursor } : {}) });
      expect(rest.items.map((t) => t.price)).toEqual([40]);
      expect(rest.cursor).toBeUndefined();
    });
  });

  describe('setPaused', () => {
    it('pauses and resumes an open market; a resolved one cannot be', async () => {
      h = harness();
      const { id } = await h.service.createMarket('admin', binaryMarket());
      expect((await h.service.setPaused(id, true)).status).toBe('paused');
      expect((await h.service.getMarket(id)).status).toBe('paused');
      expect((await h.service.setPaused(id, true)).status).toBe('paused');
      expect((await h.service.setPaused(id, false)).status).toBe('open');
      await h.service.requestVoid(id);
      await expect(h.service.setPaused(id, true)).rejects.toBeInstanceOf(MarketNotOpenError);
      await expect(h.service.setPaused('nope', true)).rejects.toBeInstanceOf(MarketNotFoundError);
    });
  });
});
