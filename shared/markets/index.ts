/**
 * FundCast's trading application service and its repositories on the store port.
 * See docs/data-model.md for the items, keys, access patterns and write sizes.
 */
export { TradingService, MAX_MAKERS_PER_WRITE, DEFAULT_LEASE_MS, type TradingServiceOptions } from './trading-service.js';
export { CountingItemStore, type RoundTrips } from './counting-store.js';
export * from './errors.js';
export type * from './views.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { MarketSnapshot } from './snapshot.js';
export { MAX_RESTING_ORDERS } from './state-record.js';
export { DEFAULT_LIQUIDITY } from './market-admin.js';
export { CANCEL_BATCH, SETTLE_BATCH } from './settlement-worker.js';
