import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DuplicateUserError,
  InvalidAmountError,
  UnknownUserError,
  accountRef,
  addEntries,
  addUser,
  bookDepth,
  checkEntries,
  checkInvariants,
  creditUser,
  ledgerBalances,
  ledgerSum,
  parseAccountRef,
  placeOrder,
  syncAvailable,
  type MarketState,
} from '../../../shared/trading/index.js';
import { bookMarket, healthy, limit } from './support/fixtures.js';

const codes = (state: MarketState) => [...new Set(checkInvariants(state).map((v) => v.code))].sort();

/** A market with a minted pair, a resting buy and a resting sell. */
function busy(): MarketState {
  let state = bookMarket({ A: 1_000, B: 1_000 });
  state = healthy(placeOrder(state, limit('a', 'A', 'buy', 'YES', 60, 5))).state;
  state = healthy(placeOrder(state, limit('b', 'B', 'buy', 'NO', 40, 3))).state;
  return healthy(placeOrder(state, limit('s', 'B', 'sell', 'NO', 70, 1))).state;
}

describe('account names', () => {
  it('parse back to the account they name, even for user ids containing colons', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (userId) => {
        expect(parseAccountRef(accountRef.available(userId))?.account).toEqual({ kind: 'available', userId });
        expect(parseAccountRef(accountRef.locked(userId))?.account).toEqual({ kind: 'locked', userId });
      }),
    );
    expect(parseAccountRef(accountRef.escrow('m:1'))).toEqual({ account: { kind: 'escrow' }, marketId: 'm:1' });
    expect(parseAccountRef('user::available')).toBeNull();
    expect(parseAccountRef('bank:vault')).toBeNull();
  });
});

describe('ledger', () => {
  it('records every cash movement of a trade as a positive entry and sums to zero', () => {
    const state = busy();

    expect(Object.values(state.ledgerTotals).reduce((sum, value) => sum + value, 0)).toBe(0);
    expect(state.ledgerTotals[accountRef.escrow('m-1')]).toBe(300);
  });

  it('credits come from external:funding', () => {
    const result = healthy(creditUser(bookMarket({ A: 0 }), 'A', 250));

    expect(result.entries).toEqual([{ sequence: 1, debit: 'user:A:available', credit: 'external:funding', amount: 250, reason: 'credit', ref: null }]);
    expect(result.state.balances['A']).toEqual({ available: 250, locked: 0 });
  });

  it('adds users and rebases available cash without touching the ledger', () => {
    let state = healthy(addUser(bookMarket({}), 'A', 500)).state;
    state = healthy(syncAvailable(state, 'A', 420)).state;

    expect(state.balances['A']).toEqual({ available: 420, locked: 0 });
    expect(state.ledgerTotals).toEqual({});
    expect(state.sequence).toBe(2);
    expect(() => addUser(state, 'A', 1)).toThrow(DuplicateUserError);
    expect(() => syncAvailable(state, 'Z', 1)).toThrow(UnknownUserError);
    expect(() => creditUser(state, 'A', 0)).toThrow(InvalidAmountError);
    expect(() => creditUser(state, 'A', 1.5)).toThrow(InvalidAmountError);
  });
});

describe('the invariant checker catches corruption', () => {
  it('finds nothing wrong with a healthy market', () => {
    expect(checkInvariants(busy())).toEqual([]);
  });

  it('a balance changed without an entry', () => {
    const state = busy();
    const a = state.balances['A'] ?? { available: 0, locked: 0 };
    const tampered = { ...state, balances: { ...state.balances, A: { ...a, available: a.available + 1 } } };

    expect(codes(tampered)).toEqual(['ledger-balance']);
  });

  it('escrow that does not back the pairs', () => {
    const state = busy();

    expect(codes({ ...state, pairs: 4 })).toEqual(['escrow', 'pairs']);
  });

  it('a lock that does not match the resting orders', () => {
    const state = busy();
    const B = state.positions['B'] ?? {};
    const tampered = { ...state, positions: { ...state.positions, B: { ...B, NO: { shares: 3, lockedShares: 0 } } } };

    expect(codes(tampered)).toEqual(['locked-shares']);
  });

  it('an unbalanced or foreign ledger entry', () => {
    const state = busy();
    const stray = { sequence: 9, debit: 'market:other:escrow', credit: 'user:A:available', amount: 5, reason: 'credit' as const, ref: null };

    expect(codes({ ...state, ledgerTotals: addEntries(state.ledgerTotals, [stray]) })).toEqual(['ledger-account', 'ledger-balance']);
    expect(checkEntries([{ ...stray, debit: 'user:A:available', credit: 'user:A:available', amount: -5 }]).map((v) => v.code)).toEqual(['ledger-amount', 'ledger-self']);
    expect(ledgerSum([stray])).toBe(0);
    expect(ledgerBalances([stray]).get('user:A:available')).toBe(-5);
  });

  it('a crossed book', () => {
    const state = busy();
    const no = state.book['NO'] ?? { bids: [], asks: [] };
    const yesBid = state.book['YES']?.bids[0];
    // A NO bid at 45 against the resting YES bid at 60: they should have minted.
    const crossed = { ...state, book: { ...state.book, NO: { ...no, bids: yesBid ? [{ ...yesBid, outcome: 'NO', price: 45 }] : [] } } };

    expect(codes(crossed)).toContain('book-crossed');
    expect(bookDepth(state)['NO']?.asks).toEqual([{ price: 70, quantity: 1 }]);
  });
});
