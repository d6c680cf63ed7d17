import { bookDepth as engineDepth } from '../trading/index.js';
import type { Item, SortKeyCondition } from '../store/port.js';
import { readMany, type ServiceContext } from './context.js';
import { buildEngineState } from './engine-state.js';
import { InvalidPageCursorError, MarketNotFoundError } from './errors.js';
import { gsi, keys, TABLE, TRADE_PREFIX } from './keys.js';
import { fromMetaItem, marketView, type StoredStatus } from './market-records.js';
import { decodePageCursor, encodePageCursor, pageSize, withStoreCursor } from './paging.js';
import { fromStateItem } from './state-record.js';
import type { BookView, Market, MarketStatus, PageOf, PageRequest, Trade } from './views.js';

export async function getMarket(ctx: ServiceContext, marketId: string): Promise<Market> {
  const [meta, state] = await readMany(ctx.store, [keys.marketMeta(marketId), keys.marketState(marketId)]);
  if (!meta) throw new MarketNotFoundError(marketId);
  return marketView(fromMetaItem(meta), state ? fromStateItem(state) : undefined, ctx.clock.now());
}

export async function bookDepth(ctx: ServiceContext, marketId: string): Promise<BookView> {
  const item = await ctx.store.get(TABLE, keys.marketState(marketId));
  if (!item) throw new MarketNotFoundError(marketId);
  const { state } = buildEngineState(fromStateItem(item), new Map());
  return { outcomes: { ...engineDepth(state) } as BookView['outcomes'] };
}

/** Trades of a market, newest first (one item per fill, keyed by sequence). */
export async function trades(ctx: ServiceContext, marketId: string, page: PageRequest): Promise<PageOf<Trade>> {
  const result = await withStoreCursor(() =>
    ctx.store.query(TABLE, {
      partition: keys.marketMeta(marketId).pk,
      sort: { op: 'beginsWith', prefix: TRADE_PREFIX },
      direction: 'desc',
      limit: pageSize(page.limit),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    }),
  );
  if (result.items.length === 0 && !page.cursor) await getMarket(ctx, marketId);
  const items = result.items.map((t) => ({ outcome: t.outcome as string, price: t.price as number, quantity: t.quantity as number, kind: t.kind as Trade['kind'], at: t.at as string }));
  return { items, ...(result.cursor ? { cursor: result.cursor } : {}) };
}

/**
 * One run of a listing: a GSI partition read in one direction, bounded by a sort key (keys are
 * `<closesAt>#<id>`, so a bound of `<now>$` splits live markets into not-yet-closed and closed).
 */
interface Segment {
  index: 'gsi1' | 'gsi2';
  partition: string;
  direction: 'asc' | 'desc';
  /** asc: keys above it; desc: keys below it. */
  bound?: string;
}

/**
 * The order of a listing, per status filter (each group sorted by `<closesAt>#<id>`):
 * open and paused: soonest closing first; closed (open or paused markets past closesAt): most
 * recently closed first, open ones before paused ones; resolved, voided, settled: latest
 * closesAt first. Without a status filter, the groups follow in that order.
 */
function segmentsFor(filter: { status?: MarketStatus; category?: string }, nowMs: number): Segment[] {
  const at = (status: StoredStatus) =>
    filter.category !== undefined
      ? { index: 'gsi2' as const, partition: gsi.marketsByCategory(status, filter.category) }
      : { index: 'gsi1' as const, partition: gsi.marketsByStatus(status) };
  // '$' sorts just after '#': every key of a market closing at `now` or earlier is below it.
  const now = `${new Date(nowMs).toISOString()}$`;
  const groups: Record<MarketStatus, Segment[]> = {
    open: [{ ...at('open'), direction: 'asc', bound: now }],
    paused: [{ ...at('paused'), direction: 'asc', bound: now }],
    closed: [
      { ...at('open'), direction: 'desc', bound: now },
      { ...at('paused'), direction: 'desc', bound: now },
    ],
    resolved: [{ ...at('resolved'), direction: 'desc' }],
    voided: [{ ...at('voided'), direction: 'desc' }],
    settled: [{ ...at('settled'), direction: 'desc' }],
  };
  if (filter.status !== undefined) return groups[filter.status];
  return (['open', 'paused', 'closed', 'resolved', 'voided', 'settled'] as const).flatMap((s) => groups[s]);
}

function sortCondition(segment: Segment, after: string | undefined): SortKeyCondition | undefined {
  const limits = [segment.bound, after].filter((v): v is string => v !== undefined);
  if (limits.length === 0) return undefined;
  const sorted = limits.sort();
  return segment.direction === 'asc' ? { op: '>', value: sorted[sorted.length - 1] ?? '' } : { op: '<', value: sorted[0] ?? '' };
}

function readListingCursor(cursor: string | undefined, segments: number): { s: number; k: string | undefined } {
  if (cursor === undefined) return { s: 0, k: undefined };
  const { s, k } = decodePageCursor(cursor);
  const okSegment = typeof s === 'number' && Number.isInteger(s) && s >= 0 && s < segments;
  const okKey = k === undefined || (typeof k === 'string' && k.length > 0 && k.length <= 200);
  if (!okSegment || !okKey) throw new InvalidPageCursorError();
  return { s, k };
}

/** Markets by status and/or category through the GSIs (never a Scan); see segmentsFor for the order. */
export async function listMarkets(ctx: ServiceContext, filter: { status?: MarketStatus; category?: string }, page: PageRequest): Promise<PageOf<Market>> {
  const nowMs = ctx.clock.now();
  const segments = segmentsFor(filter, nowMs);
  const limit = pageSize(page.limit);
  let { s, k } = readListingCursor(page.cursor, segments.length);
  const found: Item[] = [];
  let more = false;
  while (s < segments.length && found.length < limit) {
    const segment = segments[s] as Segment;
    const sort = sortCondition(segment, k);
    const result = await ctx.store.query(TABLE, { index: segment.index, partition: segment.partition, direction: segment.direction, limit: limit - found.length, ...(sort ? { sort } : {}) });
    found.push(...result.items);
    const last = result.items.at(-1);
    if (result.cursor !== undefined && last !== undefined) {
      k = last[`${segment.index}sk`] as string;
      more = true;
    } else {
      s += 1;
      k = undefined;
      more = s < segments.length;
    }
  }
  const states = found.length === 0 ? [] : await readMany(ctx.store, found.map((m) => keys.marketState(m.id as string)));
  const items = found.map((m, i) => {
    const state = states[i];
    return marketView(fromMetaItem(m), state ? fromStateItem(state) : undefined, nowMs);
  });
  return { items, ...(more && s < segments.length ? { cursor: encodePageCursor(k === undefined ? { s } : { s, k }) } : {}) };
}
