/**
 * FundCast's trading engine: pure functions over one market's state. No I/O, no clock, no
 * randomness; ids and starting balances come from the caller. See docs/trading-engine.md.
 */
export * from './constants.js';
export * from './errors.js';
export type { Account, AccountRef, LedgerEntry } from './ledger.js';
export { accountRef, addEntries, ledgerBalances, ledgerSum, parseAccountRef } from './ledger.js';
export type * from './types.js';
export type { MarketConfig } from './market-state.js';
export { addUser, cashOf, createMarket, creditUser, positionOf, sharesOutstanding, syncAvailable } from './market-state.js';
export type { BookDepth, DepthLevel } from './order-book.js';
export { bookDepth } from './order-book.js';
export type { PlaceOrderInput } from './order-input.js';
export type { MatchOptions } from './orders.js';
export { cancelAllOrders, cancelOrder, placeOrder, resumeOrder } from './orders.js';
export { ammPrices, ammQuote } from './amm.js';
export {
  lmsrBuyCost,
  lmsrCost,
  lmsrCostDelta,
  lmsrDisplayPrices,
  lmsrPrices,
  lmsrSellPayout,
  lmsrSubsidy,
  logSumExp,
} from './lmsr.js';
export { takerFee } from './fees.js';
export { isFullySettled, resolveMarket, settleBatch, unsettledUsers, voidMarket, voidRefund } from './settlement.js';
export type { Violation } from './invariants.js';
export { checkEntries, checkInvariants } from './invariants.js';
