/**
 * What the service returns: exactly the shapes of the API schemas (type-only imports, so the
 * domain does not load zod at run time).
 */
import type { z } from 'zod';
import type {
  AccountSchema,
  BookSchema,
  CancelAllResponseSchema,
  CancelOrderResponseSchema,
  CreateMarketRequestSchema,
  CreditResponseSchema,
  FillSchema,
  LedgerEntrySchema,
  LedgerPageSchema,
  MARKET_STATUSES,
  MarketPageSchema,
  MarketSchema,
  OrderPageSchema,
  OrderSchema,
  PlaceOrderRequestSchema,
  PlaceOrderResponseSchema,
  PositionsSchema,
  TaskAcceptedSchema,
  TaskSchema,
  TradePageSchema,
  TradeSchema,
} from '../api/schemas/trading.js';

export type CreateMarketRequest = z.infer<typeof CreateMarketRequestSchema>;
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequestSchema>;
export type Market = z.infer<typeof MarketSchema>;
export type MarketStatus = (typeof MARKET_STATUSES)[number];
export type BookView = z.infer<typeof BookSchema>;
export type Trade = z.infer<typeof TradeSchema>;
export type OrderView = z.infer<typeof OrderSchema>;
export type FillView = z.infer<typeof FillSchema>;
export type AccountView = z.infer<typeof AccountSchema>;
export type PositionView = z.infer<typeof PositionsSchema>['positions'][number];
export type LedgerRow = z.infer<typeof LedgerEntrySchema>;
export type CreditResult = z.infer<typeof CreditResponseSchema>;
export type TaskAccepted = z.infer<typeof TaskAcceptedSchema>;
export type TaskView = z.infer<typeof TaskSchema>;
export type MarketPage = z.infer<typeof MarketPageSchema>;
export type TradePage = z.infer<typeof TradePageSchema>;
export type OrderPage = z.infer<typeof OrderPageSchema>;
export type LedgerPage = z.infer<typeof LedgerPageSchema>;
export type Positions = z.infer<typeof PositionsSchema>;
export type CancelOrderResponse = z.infer<typeof CancelOrderResponseSchema>;
export type CancelAllResponse = z.infer<typeof CancelAllResponseSchema>;
export type PlaceOrderResponse = z.infer<typeof PlaceOrderResponseSchema>;

/** One page of a listing; `cursor` is present when more may follow. */
export interface PageOf<T> {
  items: T[];
  cursor?: string;
}

/** Paging input: `limit` 1–100 (default 50), `cursor` from the previous page. */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}
