import { describe, expect, it } from 'vitest';
import { placeOrder, type MarketState } from '../../../shared/trading/index.js';
import { bookMarket, healthy, holdings, limit } from './support/fixtures.js';

/** A market where maker M and taker T have cash, and holders H (YES) and N (NO) have shares from a mint. */
function seeded(): MarketState {
  let state = bookMarket({ M: 10_000, T: 10_000, H: 10_000, N: 10_000 });
  state = healthy(placeOrder(state, limit('seed-h', 'H', 'buy', 'YES', 50, 10))).state;
  state = healthy(placeOrder(state, limit('seed-n', 'N', 'buy', 'NO', 50, 10))).state;
  return state;
}

describe('complementary matching', () => {
  describe.each([
    ['YES', 'NO'],
    ['NO', 'YES'],
  ] as const)('for %s', (outcome, other) => {
    it('mints pairs when a buy meets a resting buy of the other outcome with p + q ≥ 100', () => {
      let state = bookMarket({ M: 10_000, T: 10_000 });
      state = healthy(placeOrder(state, limit('m', 'M', 'buy', other, 45, 10))).state;

      const result = healthy(placeOrder(state, limit('t', 'T', 'buy', outcome, 60, 4)));

      expect(result.fills).toEqual([{ kind: 'mint', price: 55, makerPrice: 45, quantity: 4, amount: 220, fee: 0, makerOrderId: 'm', makerUserId: 'M' }]);
      expect(result.order).toMatchObject({ status: 'filled', filledQuantity: 4, price: 60 });
      expect(result.state.escrow).toBe(400);
      expect(result.state.pairs).toBe(4);
      // Maker paid its own 45 × 4 and keeps 6 × 45 locked; the taker paid 100 − 45 = 55, not its 60.
      expect(holdings(result.state, 'M')).toEqual({ available: 9_550, locked: 270, [outcome]: 0, [other]: 4 });
      expect(holdings(result.state, 'T')).toEqual({ available: 9_780, locked: 0, [outcome]: 4, [other]: 0 });
      expect(result.entries.map((e) => [e.reason, e.debit, e.credit, e.amount])).toEqual([
        ['order_lock', 'user:T:locked', 'user:T:available', 240],
        ['mint_collateral', 'market:m-1:escrow', 'user:M:locked', 180],
        ['mint_collateral', 'market:m-1:escrow', 'user:T:locked', 220],
        ['order_release', 'user:T:available', 'user:T:locked', 20],
      ]);
    });

    it('does not mint when p + q < 100', () => {
      let state = bookMarket({ M: 10_000, T: 10_000 });
      state = healthy(placeOrder(state, limit('m', 'M', 'buy', other, 45, 10))).state;

      const result = healthy(placeOrder(state, limit('t', 'T', 'buy', outcome, 54, 4)));

      expect(result.fills).toEqual([]);
      expect(result.order.status).toBe('open');
    });

    it('transfers shares when a buy meets a resting sell of the same outcome at q ≤ p, at the maker price', () => {
      let state = seeded();
      const holder = outcome === 'YES' ? 'H' : 'N';
      state = healthy(placeOrder(state, limit('m', holder, 'sell', outcome, 58, 6))).state;
      const before = holdings(state, holder);

      const result = healthy(placeOrder(state, limit('t', 'T', 'buy', outcome, 62, 4)));

      expect(result.fills).toEqual([{ kind: 'transfer', price: 58, makerPrice: 58, quantity: 4, amount: 232, fee: 0, makerOrderId: 'm', makerUserId: holder }]);
      expect(holdings(result.state, 'T')).toMatchObject({ available: 10_000 - 232, locked: 0, [outcome]: 4 });
      expect(holdings(result.state, holder)).toMatchObject({ available: (before.available ?? 0) + 232, [outcome]: 6 });
      expect(result.state.positions[holder]?.[outcome]).toEqual({ shares: 4, lockedShares: 2 });
      expect({ escrow: result.state.escrow, pairs: result.state.pairs }).toEqual({ escrow: 1_000, pairs: 10 });
    });

    it('transfers when a sell meets a resting buy of the same outcome at q ≥ p, paying the maker price', () => {
      let state = seeded();
      const holder = outcome === 'YES' ? 'H' : 'N';
      state = healthy(placeOrder(state, limit('m', 'M', 'buy', outcome, 48, 5))).state;
      const before = holdings(state, holder);

      const result = healthy(placeOrder(state, limit('t', holder, 'sell', outcome, 40, 3)));

      expect(result.fills).toEqual([{ kind: 'transfer', price: 48, makerPrice: 48, quantity: 3, amount: 144, fee: 0, makerOrderId: 'm', makerUserId: 'M' }]);
      expect(holdings(result.state, holder)).toMatchObject({ available: (before.available ?? 0) + 144, [outcome]: 7 });
      expect(holdings(result.state, 'M')).toMatchObject({ available: 10_000 - 240, locked: 96, [outcome]: 3 });
    });

    it('merges pairs when a sell meets a resting sell of the other outcome with p + q ≤ 100', () => {
      let state = seeded();
      const [seller, maker] = outcome === 'YES' ? ['H', 'N'] : ['N', 'H'];
      state = healthy(placeOrder(state, limit('m', maker, 'sell', other, 40, 10))).state;
      const sellerBefore = holdings(state, seller);
      const makerBefore = holdings(state, maker);

      const result = healthy(placeOrder(state, limit('t', seller, 'sell', outcome, 55, 3)));

      // Escrow pays 100 per pair: the maker its 40, the taker 100 − 40 = 60 (better than its 55).
      expect(result.fills).toEqual([{ kind: 'merge', price: 60, makerPrice: 40, quantity: 3, amount: 180, fee: 0, makerOrderId: 'm', makerUserId: maker }]);
      expect({ escrow: result.state.escrow, pairs: result.state.pairs }).toEqual({ escrow: 700, pairs: 7 });
      expect(holdings(result.state, seller)).toMatchObject({ available: (sellerBefore.available ?? 0) + 180, [outcome]: 7 });
      expect(holdings(result.state, maker)).toMatchObject({ available: (makerBefore.available ?? 0) + 120, [other]: 7 });
      expect(result.entries.map((e) => [e.reason, e.debit, e.credit, e.amount])).toEqual([
        ['merge_payout', `user:${maker}:available`, 'market:m-1:escrow', 120],
        ['merge_payout', `user:${seller}:available`, 'market:m-1:escrow', 180],
      ]);
    });

    it('does not merge when p + q > 100', () => {
      let state = seeded();
      const [seller, maker] = outcome === 'YES' ? ['H', 'N'] : ['N', 'H'];
      state = healthy(placeOrder(state, limit('m', maker, 'sell', other, 40, 10))).state;

      const result = healthy(placeOrder(state, limit('t', seller, 'sell', outcome, 61, 3)));

      expect(result.fills).toEqual([]);
    });
  });
});
