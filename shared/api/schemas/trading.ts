import { z } from 'zod';

/** Money and prices are integer cents; quantities are whole shares. */
const cents = z.number().int().nonnegative();
const positiveCents = z.number().int().positive().max(100_000_000_000);
const price = z.number().int().min(1).max(99);
const quantity = z.number().int().positive().max(1_000_000_000);
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const outcomeName = z.string().min(1).max(40).regex(/^[A-Za-z0-9 _.-]+$/);
const cursor = z.string().max(2048).optional();
const limit = z.coerce.number().int().min(1).max(100).optional();

export const MarketIdParamsSchema = z.object({ id });
export const OrderIdParamsSchema = z.object({ id, orderId: id });
export const AccountUserParamsSchema = z.object({ userId: z.uuid() });

export const MARKET_STATUSES = ['open', 'paused', 'closed', 'resolved', 'settled', 'voided'] as const;

export const CreateMarketRequestSchema = z
  .strictObject({
    title: z.string().trim().min(5).max(200),
    description: z.string().trim().max(4000),
    category: z.string().trim().min(1).max(60),
    type: z.enum(['binary', 'categorical']),
    engine: z.enum(['orderbook', 'amm']),
    outcomes: z.array(outcomeName).min(2).max(10).optional().describe('Categorical markets only; binary markets are YES/NO'),
    closesAt: z.iso.datetime({ offset: true }),
    liquidity: z.number().int().min(1).max(1_000_000).optional().describe('LMSR b, in shares (amm only)'),
    feeBps: z.number().int().min(0).max(1000).optional().describe('Taker fee in basis points; default 0'),
  })
  .meta({ id: 'CreateMarketRequest' });

export const MarketSchema = z
  .object({
    id,
    title: z.string(),
    description: z.string(),
    category: z.string(),
    type: z.enum(['binary', 'categorical']),
    engine: z.enum(['orderbook', 'amm']),
    status: z.enum(MARKET_STATUSES),
    outcomes: z.array(z.object({ name: z.string(), price: z.number().int().min(0).max(100) })),
    volume: cents.describe('Cents traded'),
    closesAt: z.string(),
    feeBps: z.number().int(),
    createdAt: z.string(),
    resolvedOutcome: z.string().optional(),
  })
  .meta({ id: 'Market' });

export const ListMarketsQuerySchema = z.strictObject({
  status: z.enum(MARKET_STATUSES).optional(),
  category: z.string().max(60).optional(),
  limit,
  cursor,
});
export const MarketPageSchema = z.object({ items: z.array(MarketSchema), cursor: z.string().optional() }).meta({ id: 'MarketPage' });
export const SearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200).describe('What to look for'),
  limit: z.coerce.number().int().min(1).max(50).optional(),
});
export const SearchResultSchema = z
  .object({
    items: z.array(MarketSchema).describe('Open markets, best match first'),
    ranking: z.enum(['semantic', 'keyword']).describe('semantic: the ranking service ranked them; keyword: the built-in fallback'),
  })
  .meta({ id: 'SearchResult' });

const level = z.object({ price, quantity });
export const BookSchema = z
  .object({ outcomes: z.record(z.string(), z.object({ bids: z.array(level), asks: z.array(level) })) })
  .meta({ id: 'OrderBookDepth' });

export const TradeSchema = z
  .object({ outcome: z.string(), price: z.number().int(), quantity, kind: z.enum(['transfer', 'mint', 'merge', 'amm']), at: z.string() })
  .meta({ id: 'Trade' });
export const PageQuerySchema = z.strictObject({ limit, cursor });
export const TradePageSchema = z.object({ items: z.array(TradeSchema), cursor: z.string().optional() }).meta({ id: 'TradePage' });

export const PlaceOrderRequestSchema = z
  .strictObject({
    outcome: outcomeName,
    side: z.enum(['buy', 'sell']),
    type: z.enum(['limit', 'market']),
    quantity,
    price: price.optional().describe('Required for limit orders (order book); the average-price limit for AMM orders'),
    timeInForce: z.enum(['GTC', 'IOC', 'FOK']).optional(),
    maxCost: positiveCents.optional().describe('Market buys: the most this order may spend, in cents'),
  })
  .meta({ id: 'PlaceOrderRequest' });

export const OrderSchema = z
  .object({
    id,
    marketId: id,
    outcome: z.string(),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['limit', 'market']),
    status: z.enum(['open', 'partially_filled', 'filled', 'cancelled', 'rejected']),
    quantity,
    filledQuantity: z.number().int().nonnegative(),
    price: z.number().int().nullable(),
    timeInForce: z.enum(['GTC', 'IOC', 'FOK']),
    rejectReason: z.string().nullable().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Order' });
export const FillSchema = z.object({ price: z.number().int(), quantity, kind: z.enum(['transfer', 'mint', 'merge', 'amm']) }).meta({ id: 'Fill' });
export const PlaceOrderResponseSchema = z.object({ order: OrderSchema, fills: z.array(FillSchema) }).meta({ id: 'PlaceOrderResponse' });
export const CancelOrderResponseSchema = z.object({ order: OrderSchema }).meta({ id: 'CancelOrderResponse' });
export const CancelAllResponseSchema = z.object({ cancelled: z.array(OrderSchema) }).meta({ id: 'CancelAllResponse' });

export const AccountSchema = z.object({ userId: z.string(), available: cents, locked: cents }).meta({ id: 'Account' });
export const MyOrdersQuerySchema = z.strictObject({ marketId: id.optional(), limit, cursor });
export const OrderPageSchema = z.object({ items: z.array(OrderSchema), cursor: z.string().optional() }).meta({ id: 'OrderPage' });
export const PositionsSchema = z
  .object({
    positions: z.array(
      z.object({
        marketId: id,
        outcome: z.string(),
        shares: z.number().int(),
        averagePrice: z.number().describe('Cents per share paid, on average'),
        markPrice: z.number().int().describe('Current price in cents'),
        value: z.number().int().describe('shares × markPrice, in cents'),
        unrealizedPnl: z.number().int().describe('value − cost, in cents'),
      }),
    ),
  })
  .meta({ id: 'Positions' });
export const LedgerEntrySchema = z
  .object({ id: z.string(), account: z.string(), amount: z.number().int().describe('Signed cents: + credit to the account'), reason: z.string(), marketId: z.string().nullable(), at: z.string() })
  .meta({ id: 'LedgerEntry' });
export const LedgerPageSchema = z.object({ items: z.array(LedgerEntrySchema), cursor: z.string().optional() }).meta({ id: 'LedgerPage' });

export const CreditRequestSchema = z.strictObject({ amount: positiveCents, reason: z.string().trim().min(3).max(200) }).meta({ id: 'CreditRequest' });
export const CreditResponseSchema = z.object({ entryId: z.string(), available: cents }).meta({ id: 'CreditResponse' });

export const ResolveRequestSchema = z.strictObject({ outcome: outcomeName }).meta({ id: 'ResolveRequest' });
export const TaskAcceptedSchema = z.object({ taskId: z.string() }).meta({ id: 'TaskAccepted' });
export const TaskSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    status: z.enum(['pending', 'running', 'succeeded', 'failed']),
    marketId: z.string(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
  })
  .meta({ id: 'Task' });
export const TaskParamsSchema = z.object({ id });

export const CacheClearedSchema = z.object({ l2Cleared: z.boolean(), deletedKeys: z.number().int() }).meta({ id: 'CacheCleared' });
export const CacheWarmQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).optional().describe('How many of the most-read markets to load (default 50)'),
});
export const CacheWarmedSchema = z
  .object({
    marketIds: z.array(z.string()).describe('Markets whose detail, book and recent trades are now cached, most read first'),
    failed: z.number().int().describe('Markets whose reads failed and stay cold'),
  })
  .meta({ id: 'CacheWarmed' });
