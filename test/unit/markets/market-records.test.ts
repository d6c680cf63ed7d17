import { describe, expect, it } from 'vitest';
import { pricesOf, viewStatus } from '../../../shared/markets/market-records.js';
import type { BookTuple, MarketStateRecord } from '../../../shared/markets/state-record.js';

const tuple = (id: string, outcome: string, side: 'buy' | 'sell', price: number): BookTuple => [id, 'u', outcome, side, price, 1, 0, 1, 't'];

function record(extra: Partial<MarketStateRecord>): MarketStateRecord {
  return {
    marketId: 'm',
    engine: 'orderbook',
    outcomes: ['YES', 'NO'],
    feeBps: 0,
    closesAt: '2030-01-01T00:00:00.000Z',
    sequence: 1,
    phase: 'open',
    winningOutcome: null,
    paused: false,
    settled: false,
    escrow: 0,
    pairs: 0,
    fees: 0,
    amm: null,
    book: { YES: { bids: [], asks: [] }, NO: { bids: [], asks: [] } },
    lastPrices: {},
    volume: 0,
    participants: 0,
    settledCount: 0,
    sweep: null,
    voidPlan: null,
    ...extra,
  };
}

describe('market prices', () => {
  it('order book: mid of the best bid and ask across both books (rounded half up), 50 without both sides', () => {
    expect(pricesOf(record({}))).toEqual({ YES: 50, NO: 50 });
    expect(pricesOf(record({ book: { YES: { bids: [tuple('a', 'YES', 'buy', 41)], asks: [] }, NO: { bids: [], asks: [] } } }))).toEqual({ YES: 50, NO: 50 });
    // YES bid 41; a NO bid at 38 is a YES ask at 62 → 51.5 → 52; NO: bid 38, ask 59 → 48.5 → 49.
    const book = { YES: { bids: [tuple('a', 'YES', 'buy', 41)], asks: [] }, NO: { bids: [tuple('b', 'NO', 'buy', 38)], asks: [] } };
    expect(pricesOf(record({ book }))).toEqual({ YES: 52, NO: 49 });
    // A NO ask at 45 is a YES bid at 55, better than 41.
    const better = { ...book, NO: { bids: [tuple('b', 'NO', 'buy', 38)], asks: [tuple('c', 'NO', 'sell', 45)] } };
    expect(pricesOf(record({ book: better }))).toEqual({ YES: 59, NO: 42 });
  });

  it('the last trade price wins over the book; a resolved market shows 100 for the winner', () => {
    expect(pricesOf(record({ lastPrices: { YES: 63, NO: 37 } }))).toEqual({ YES: 63, NO: 37 });
    expect(pricesOf(record({ lastPrices: { YES: 63, NO: 37 }, phase: 'resolved', winningOutcome: 'NO' }))).toEqual({ YES: 0, NO: 100 });
  });

  it('AMM: whole-cent display prices from q and b, summing to 100', () => {
    const amm = { b: 100, q: { A: 50, B: 0, C: 0 }, cash: 0, subsidy: 0, creatorId: 'z' };
    const prices = pricesOf(record({ engine: 'amm', outcomes: ['A', 'B', 'C'], amm, book: {} }));
    expect(Object.values(prices).reduce((a, b) => a + b, 0)).toBe(100);
    expect(prices.A).toBeGreaterThan(prices.B ?? 0);
  });
});

describe('viewStatus', () => {
  it('reports an open or paused market past closesAt as closed; other statuses as stored', () => {
    const closesAt = '2030-01-01T00:00:00.000Z';
    const at = Date.parse(closesAt);
    expect(viewStatus({ status: 'open', closesAt }, at - 1)).toBe('open');
    expect(viewStatus({ status: 'open', closesAt }, at)).toBe('closed');
    expect(viewStatus({ status: 'paused', closesAt }, at + 1)).toBe('closed');
    expect(viewStatus({ status: 'resolved', closesAt }, at + 1)).toBe('resolved');
  });
});
