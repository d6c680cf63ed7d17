/** Cents one winning share pays; also the collateral behind one YES+NO pair. */
export const PAYOUT_CENTS = 100;
/** Limit prices are whole cents strictly between 0 and 100: a 0 or 100 price is not a bet. */
export const MIN_PRICE = 1;
export const MAX_PRICE = 99;
/** Basis points in one whole; fees are `notional × feeBps / BPS_PER_UNIT`, rounded up. */
export const BPS_PER_UNIT = 10_000;
/** A fee above 100 % could exceed a seller's proceeds. */
export const MAX_FEE_BPS = 10_000;
/**
 * Largest order quantity and cash amount the engine accepts. Chosen so that every
 * intermediate product (amount × basis points) stays below Number.MAX_SAFE_INTEGER.
 */
export const MAX_QUANTITY = 1_000_000_000;
export const MAX_AMOUNT_CENTS = 100_000_000_000;
/** Categorical markets have 2–10 outcomes (SPEC §3). */
export const MIN_OUTCOMES = 2;
export const MAX_OUTCOMES = 10;
/** LMSR liquidity parameter bounds, in shares. */
export const MAX_LIQUIDITY_B = 1_000_000;

export const ENGINE = { orderbook: 'orderbook', amm: 'amm' } as const;
export type Engine = (typeof ENGINE)[keyof typeof ENGINE];

export const OUTCOME = { YES: 'YES', NO: 'NO' } as const;
export type BinaryOutcome = (typeof OUTCOME)[keyof typeof OUTCOME];
export const BINARY_OUTCOMES: readonly BinaryOutcome[] = [OUTCOME.YES, OUTCOME.NO];

export const SIDE = { buy: 'buy', sell: 'sell' } as const;
export type Side = (typeof SIDE)[keyof typeof SIDE];

export const ORDER_TYPE = { limit: 'limit', market: 'market' } as const;
export type OrderType = (typeof ORDER_TYPE)[keyof typeof ORDER_TYPE];

export const TIME_IN_FORCE = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK' } as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[keyof typeof TIME_IN_FORCE];

export const ORDER_STATUS = {
  open: 'open',
  partially_filled: 'partially_filled',
  filled: 'filled',
  cancelled: 'cancelled',
  rejected: 'rejected',
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

/** Why a placement was refused. A rejection changes nothing, so it is a status, not an exception. */
export const REJECT_REASON = {
  insufficient_funds: 'insufficient_funds',
  insufficient_shares: 'insufficient_shares',
  fill_or_kill: 'fill_or_kill',
  price_limit: 'price_limit',
  max_cost: 'max_cost',
} as const;
export type RejectReason = (typeof REJECT_REASON)[keyof typeof REJECT_REASON];

/** transfer: shares change hands; mint: a new YES+NO pair; merge: a pair is redeemed; amm: traded with the LMSR. */
export const FILL_KIND = { transfer: 'transfer', mint: 'mint', merge: 'merge', amm: 'amm' } as const;
export type FillKind = (typeof FILL_KIND)[keyof typeof FILL_KIND];

/** The engine's view of the lifecycle; pause and close are enforced by the caller, before the engine. */
export const MARKET_PHASE = { open: 'open', resolved: 'resolved', voided: 'voided' } as const;
export type MarketPhase = (typeof MARKET_PHASE)[keyof typeof MARKET_PHASE];

export const LEDGER_REASON = {
  credit: 'credit',
  order_lock: 'order_lock',
  order_release: 'order_release',
  trade_payment: 'trade_payment',
  mint_collateral: 'mint_collateral',
  merge_payout: 'merge_payout',
  taker_fee: 'taker_fee',
  amm_subsidy: 'amm_subsidy',
  amm_buy: 'amm_buy',
  amm_sell: 'amm_sell',
  settlement_payout: 'settlement_payout',
  void_refund: 'void_refund',
  subsidy_refund: 'subsidy_refund',
} as const;
export type LedgerReason = (typeof LEDGER_REASON)[keyof typeof LEDGER_REASON];
