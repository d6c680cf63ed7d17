import { lmsrDisplayPrices } from '../trading/index.js';
import type { AttributeValue, Item, UpdateSpec, WriteOp } from '../store/port.js';
import { gsi, ITEM_TYPE, keys, TABLE } from './keys.js';
import type { MarketStateRecord } from './state-record.js';
import type { Market } from './views.js';

/**
 * The market's META item: what describes the market and how it is listed. Its status is the
 * stored lifecycle (open, paused, resolved, voided, settled); `closed` is derived from
 * closesAt when it is read. Both GSIs list META items by stored status (gsi2 per category),
 * sorted by `<closesAt>#<id>`.
 */
export type StoredStatus = 'open' | 'paused' | 'resolved' | 'voided' | 'settled';

export interface MarketMeta {
  id: string;
  title: string;
  description: string;
  category: string;
  type: 'binary' | 'categorical';
  engine: 'orderbook' | 'amm';
  outcomes: string[];
  closesAt: string;
  feeBps: number;
  liquidity: number | null;
  createdAt: string;
  createdBy: string;
  status: StoredStatus;
  resolvedOutcome: string | null;
}

export const listingSortKey = (meta: Pick<MarketMeta, 'closesAt' | 'id'>) => `${meta.closesAt}#${meta.id}`;

function indexKeys(meta: Pick<MarketMeta, 'closesAt' | 'id' | 'category'>, status: StoredStatus): Record<string, string> {
  const sortKey = listingSortKey(meta);
  return { gsi1pk: gsi.marketsByStatus(status), gsi1sk: sortKey, gsi2pk: gsi.marketsByCategory(status, meta.category), gsi2sk: sortKey };
}

export function putMetaOp(meta: MarketMeta): WriteOp {
  return {
    type: 'put',
    table: TABLE,
    // Every item's `type` names its kind, so the market's own type is stored as marketType.
    item: { ...keys.marketMeta(meta.id), ...(meta as unknown as Record<string, AttributeValue>), type: ITEM_TYPE.market, marketType: meta.type, ...indexKeys(meta, meta.status) },
    condition: { kind: 'itemNotExists' },
  };
}

/** Moves the META item to another stored status (and its listing partitions with it). */
export function metaStatusOp(meta: MarketMeta, status: StoredStatus, extra: Record<string, AttributeValue> = {}): WriteOp {
  const update: UpdateSpec = { set: { status, ...indexKeys(meta, status), ...extra } };
  return { type: 'update', table: TABLE, key: keys.marketMeta(meta.id), update, condition: { kind: 'itemExists' } };
}

export function fromMetaItem(item: Item): MarketMeta {
  const { pk: _pk, sk: _sk, type: _type, marketType, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item;
  return { ...rest, type: marketType } as unknown as MarketMeta;
}

/** What the caller sees as the status: a live market past closesAt is `closed`. */
export function viewStatus(meta: Pick<MarketMeta, 'status' | 'closesAt'>, nowMs: number): Market['status'] {
  const live = meta.status === 'open' || meta.status === 'paused';
  return live && nowMs >= Date.parse(meta.closesAt) ? 'closed' : meta.status;
}

/**
 * Prices in whole cents per outcome. AMM: the engine's display prices (sum to 100). Order book:
 * the last trade price, else the mid of the best bid and ask (each taken across both books:
 * a NO ask at q is a YES bid at 100 − q), else 50. A resolved market shows 100 for the winner.
 */
export function pricesOf(record: MarketStateRecord): Record<string, number> {
  if (record.winningOutcome !== null) return Object.fromEntries(record.outcomes.map((o) => [o, o === record.winningOutcome ? 100 : 0]));
  if (record.amm) {
    const amm = record.amm;
    const display = lmsrDisplayPrices(record.outcomes.map((o) => amm.q[o] ?? 0), amm.b);
    return Object.fromEntries(record.outcomes.map((o, i) => [o, display[i] ?? 0]));
  }
  const best = (outcome: string, side: 'bids' | 'asks') => record.book[outcome]?.[side][0]?.[4];
  return Object.fromEntries(
    record.outcomes.map((o) => {
      const last = record.lastPrices[o];
      if (last !== undefined) return [o, last];
      const other = record.outcomes.find((x) => x !== o) ?? o;
      const bids = [best(o, 'bids'), mapDefined(best(other, 'asks'), (p) => 100 - p)].filter((p): p is number => p !== undefined);
      const asks = [best(o, 'asks'), mapDefined(best(other, 'bids'), (p) => 100 - p)].filter((p): p is number => p !== undefined);
      if (bids.length === 0 || asks.length === 0) return [o, 50];
      return [o, Math.round((Math.max(...bids) + Math.min(...asks)) / 2)];
    }),
  );
}

function mapDefined<T, U>(value: T | undefined, f: (v: T) => U): U | undefined {
  return value === undefined ? undefined : f(value);
}

export function marketView(meta: MarketMeta, record: MarketStateRecord | undefined, nowMs: number): Market {
  const prices = record ? pricesOf(record) : {};
  return {
    id: meta.id,
    title: meta.title,
    description: meta.description,
    category: meta.category,
    type: meta.type,
    engine: meta.engine,
    status: viewStatus(meta, nowMs),
    outcomes: meta.outcomes.map((name) => ({ name, price: prices[name] ?? 50 })),
    volume: record?.volume ?? 0,
    closesAt: meta.closesAt,
    feeBps: meta.feeBps,
    createdAt: meta.createdAt,
    ...(meta.resolvedOutcome !== null ? { resolvedOutcome: meta.resolvedOutcome } : {}),
  };
}
