import type { Item } from '../store/port.js';
import { readMany, type ServiceContext } from './context.js';
import { num, positionAttr } from './engine-state.js';
import { InvalidPageCursorError } from './errors.js';
import { orderItemToView } from './item-ops.js';
import { gsi, JOURNAL_SHARDS, keys, TABLE, USER_PREFIX } from './keys.js';
import { pricesOf } from './market-records.js';
import { decodePageCursor, encodePageCursor, pageSize, withStoreCursor } from './paging.js';
import { fromStateItem } from './state-record.js';
import type { AccountView, LedgerRow, OrderView, PageOf, PageRequest, PositionView } from './views.js';

export async function account(ctx: ServiceContext, userId: string): Promise<AccountView> {
  const item = await ctx.store.get(TABLE, keys.account(userId));
  return { userId, available: num(item?.available), locked: num(item?.locked) };
}

/** The user's orders, newest first: all markets from the user partition, one market through gsi1. */
export async function myOrders(ctx: ServiceContext, userId: string, filter: { marketId?: string }, page: PageRequest): Promise<PageOf<OrderView>> {
  const common = { direction: 'desc' as const, limit: pageSize(page.limit), ...(page.cursor ? { cursor: page.cursor } : {}) };
  const result = await withStoreCursor(() =>
    filter.marketId === undefined
      ? ctx.store.query(TABLE, { partition: keys.account(userId).pk, sort: { op: 'beginsWith', prefix: USER_PREFIX.order }, ...common })
      : ctx.store.query(TABLE, { index: 'gsi1', partition: gsi.userMarketOrders(filter.marketId, userId), ...common }),
  );
  return { items: result.items.map(orderItemToView), ...(result.cursor ? { cursor: result.cursor } : {}) };
}

async function allOf(ctx: ServiceContext, partition: string, prefix?: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.query(TABLE, { partition, ...(prefix ? { sort: { op: 'beginsWith' as const, prefix } } : {}), ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return items;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Open positions with mark-to-market. Per outcome held: averagePrice = cents paid per share over
 * all the shares bought in that market and outcome (fees excluded; sells do not change it),
 * rounded to 2 decimals; markPrice = the market's current price (getMarket's; a resolved market
 * marks the winner at 100, the others at 0); value = shares × markPrice; unrealizedPnl = value −
 * cost, where cost = shares × the exact average, rounded half up to a whole cent.
 */
export async function positions(ctx: ServiceContext, userId: string): Promise<PositionView[]> {
  const items = (await allOf(ctx, keys.account(userId).pk, USER_PREFIX.position)).filter((p) => p.settled !== true);
  const markets = [...new Set(items.map((p) => p.marketId as string))];
  const states = new Map<string, ReturnType<typeof fromStateItem>>();
  for (let i = 0; i < markets.length; i += 100) {
    const chunk = markets.slice(i, i + 100);
    (await readMany(ctx.store, chunk.map((m) => keys.marketState(m)))).forEach((s, j) => s && states.set(chunk[j] as string, fromStateItem(s)));
  }
  const rows: PositionView[] = [];
  for (const p of items) {
    const record = states.get(p.marketId as string);
    if (!record) continue;
    const prices = pricesOf(record);
    record.outcomes.forEach((outcome, i) => {
      const shares = num(p[positionAttr.shares(i)]) + num(p[positionAttr.locked(i)]);
      if (shares <= 0) return;
      const bought = num(p[positionAttr.bought(i)]);
      const paid = num(p[positionAttr.cost(i)]);
      const markPrice = prices[outcome] ?? 50;
      const value = shares * markPrice;
      const cost = bought > 0 ? Math.round((shares * paid) / bought) : 0;
      rows.push({ marketId: record.marketId, outcome, shares, averagePrice: bought > 0 ? round2(paid / bought) : 0, markPrice, value, unrealizedPnl: value - cost });
    });
  }
  return rows;
}

/**
 * Every ledger entry touching the user's accounts, newest first, one row per account touched
 * (an order lock moves cash between the user's own accounts and shows as two rows). Postings
 * group a command's rows, so the cursor names the posting and how many of its rows were read.
 */
export async function ledger(ctx: ServiceContext, userId: string, page: PageRequest): Promise<PageOf<LedgerRow>> {
  const limit = pageSize(page.limit);
  let from: { k: string; skip: number } | undefined;
  if (page.cursor !== undefined) {
    const { k, skip } = decodePageCursor(page.cursor);
    const ok = typeof k === 'string' && k.startsWith(USER_PREFIX.posting) && typeof skip === 'number' && Number.isInteger(skip) && skip >= 0;
    if (!ok) throw new InvalidPageCursorError();
    from = { k, skip };
  }
  const rows: LedgerRow[] = [];
  const sort = from === undefined ? ({ op: 'beginsWith', prefix: USER_PREFIX.posting } as const) : ({ op: 'between', from: USER_PREFIX.posting, to: from.k } as const);
  let storeCursor: string | undefined;
  for (;;) {
    const result = await ctx.store.query(TABLE, { partition: keys.account(userId).pk, sort, direction: 'desc', limit, ...(storeCursor ? { cursor: storeCursor } : {}) });
    for (const posting of result.items) {
      const all = posting.rows as unknown as LedgerRow[];
      const skipped = posting.sk === from?.k ? from.skip : 0;
      const room = limit - rows.length;
      rows.push(...all.slice(skipped, skipped + room));
      if (rows.length === limit) {
        // The next page starts in this posting (or just below it, when it was read to the end).
        return { items: rows, cursor: encodePageCursor({ k: posting.sk, skip: Math.min(all.length, skipped + room) }) };
      }
    }
    if (result.cursor === undefined) return { items: rows };
    storeCursor = result.cursor;
  }
}

/** Σ debits − Σ credits per account over every stored journal entry (a test and audit aid; reads all shards). */
export async function ledgerTotals(ctx: ServiceContext): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (let shard = 0; shard < JOURNAL_SHARDS; shard += 1) {
    for (const journal of await allOf(ctx, `JOURNAL#${shard}`)) {
      for (const e of journal.entries as unknown as { debit: string; credit: string; amount: number }[]) {
        totals[e.debit] = (totals[e.debit] ?? 0) + e.amount;
        totals[e.credit] = (totals[e.credit] ?? 0) - e.amount;
      }
    }
  }
  return totals;
}
