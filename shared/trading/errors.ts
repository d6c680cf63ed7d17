/**
 * Base of every trading-engine failure. `code` is stable and safe to show callers.
 * Business refusals that change nothing (not enough cash, an unfillable FOK) are not errors:
 * they come back as an order with status `rejected`. Errors are for calls that are malformed
 * or impossible in the market's current state.
 */
export class TradingError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TradingError';
    this.code = code;
  }
}

/** An order whose fields break the rules (price range, quantity, type/time-in-force combination). */
export class InvalidOrderError extends TradingError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_ORDER', message, options);
    this.name = 'InvalidOrderError';
  }
}

/** A market definition the engine cannot run (outcome count, engine/type combination, liquidity). */
export class InvalidMarketConfigError extends TradingError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_MARKET_CONFIG', message, options);
    this.name = 'InvalidMarketConfigError';
  }
}

/** An amount that is not a positive whole number of cents within range. */
export class InvalidAmountError extends TradingError {
  constructor(message: string, options?: ErrorOptions) {
    super('INVALID_AMOUNT', message, options);
    this.name = 'InvalidAmountError';
  }
}

/** An outcome name the market does not have. */
export class UnknownOutcomeError extends TradingError {
  constructor(outcome: string) {
    super('UNKNOWN_OUTCOME', `The market has no outcome named ${JSON.stringify(outcome)}`);
    this.name = 'UnknownOutcomeError';
  }
}

/** The user has not been introduced to this market state (see `addUser`). */
export class UnknownUserError extends TradingError {
  constructor(userId: string) {
    super('UNKNOWN_USER', `User ${JSON.stringify(userId)} is not known to this market`);
    this.name = 'UnknownUserError';
  }
}

/** `addUser` for a user the market already knows (use `syncAvailable` to refresh their cash). */
export class DuplicateUserError extends TradingError {
  constructor(userId: string) {
    super('DUPLICATE_USER', `User ${JSON.stringify(userId)} is already known to this market`);
    this.name = 'DuplicateUserError';
  }
}

/** An order id that is already resting in the book; ids come from the caller and must be unique. */
export class DuplicateOrderError extends TradingError {
  constructor(orderId: string) {
    super('DUPLICATE_ORDER', `Order ${JSON.stringify(orderId)} is already in the book`);
    this.name = 'DuplicateOrderError';
  }
}

/** No resting order with that id belongs to the caller (also used for someone else's order, so nothing leaks). */
export class OrderNotFoundError extends TradingError {
  constructor(orderId: string) {
    super('ORDER_NOT_FOUND', `No open order ${JSON.stringify(orderId)}`);
    this.name = 'OrderNotFoundError';
  }
}

/** Trading or resolution attempted after the market was resolved or voided (or settlement before). */
export class MarketPhaseError extends TradingError {
  constructor(message: string) {
    super('MARKET_PHASE', message);
    this.name = 'MarketPhaseError';
  }
}

/** The creator cannot pay an AMM market's subsidy. */
export class InsufficientFundsError extends TradingError {
  constructor(message: string) {
    super('INSUFFICIENT_FUNDS', message);
    this.name = 'InsufficientFundsError';
  }
}

/** A number left the range where the LMSR maths is exact to the cent (see docs/trading-engine.md). */
export class NumericRangeError extends TradingError {
  constructor(message: string) {
    super('NUMERIC_RANGE', message);
    this.name = 'NumericRangeError';
  }
}

/**
 * The engine caught itself about to break an invariant (an account going negative).
 * This is a bug, never a user error; the state passed in is left untouched.
 */
export class EngineInvariantError extends TradingError {
  constructor(message: string) {
    super('ENGINE_INVARIANT', message);
    this.name = 'EngineInvariantError';
  }
}
