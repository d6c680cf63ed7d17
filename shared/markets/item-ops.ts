import { parseAccountRef, type LedgerEntry, type Order } from '../trading/index.js';
import type { AttributeValue, Item, UpdateSpec } from '../store/port.js';
import { positionAttr, type Purchases, type UserDelta } from './engine-state.js';
import { gsi, ITEM_TYPE, journalShard, keys, TABLE } from './keys.js';
import type { OrderView } from './views.js';
import type { WriteBatch } from './write-batch.js';

/** Write ops for the items a command changes, appended to one WriteBatch (one atomic write). */

/** A ledger entry as stored: the engine's entry plus its id. */
export interface StoredEntry {
  id: string;
  debit: string;
  credit: string;
  amount: number;
  reason: string;
  ref: string | null;
}

/** Gives engine entries their ids, `<marketId>#<sequence>#<index within that command>`. */
export function identifyEntries(marketId: string, entries: readonly LedgerEntry[]): StoredEntry[] {
  const seen = new Map<number, number>();
  return entries.map((e) => {
    const index = seen.get(e.sequence) ?? 0;
    seen.set(e.sequence, index + 1);
    return { id: `${marketId}#${e.sequence}#${index}`, debit: e.debit, credit: e.credit, amount: e.amount, reason: e.reason, ref: e.ref };
  });
}

/** Account cash by `add` (a user trades in many markets at once); a debit is conditioned on the cash being there. */
export function addAccountOps(batch: WriteBatch, deltas: ReadonlyMap<string, Pick<UserDelta, 'available' | 'locked'>>): void {
  for (const [userId, d] of deltas) {
    if (d.available === 0 && d.locked === 0) continue;
    const add: Record<string, number> = {};
    if (d.available !== 0) add.available = d.available;
    if (d.locked !== 0) add.locked = d.locked;
    const update: UpdateSpec = { set: { type: ITEM_TYPE.account, userId }, add };
    if (d.available < 0) {
      batch.add({ type: 'update', table: TABLE, key: keys.account(userId), update, condition: { kind: 'compare', name: 'available', op: '>=', value: -d.available } }, 'race');
    } else batch.add({ type: 'update', table: TABLE, key: keys.account(userId), update });
  }
}

/**
 * Position items by `add` of the deltas (makers' positions are never read). The static
 * attributes and the settlement index key are set each time, so an item is complete even when
 * this write creates it. `ensure` lists users whose item must exist afterwards even without a change.
 */
export function addPositionOps(
  batch: WriteBatch,
  marketId: string,
  deltas: ReadonlyMap<string, UserDelta>,
  purchases: Purchases,
  ensure: ReadonlySet<string> = new Set(),
): void {
  const users = new Set([...deltas.keys(), ...purchases.keys(), ...ensure]);
  for (const userId of users) {
    const add: Record<string, number> = {};
    const put = (name: string, value: number | undefined) => {
      if (value !== undefined && value !== 0) add[name] = value;
    };
    const d = deltas.get(userId);
    const p = purchases.get(userId);
    d?.shares.forEach((v, i) => put(positionAttr.shares(i), v));
    d?.lockedShares.forEach((v, i) => put(positionAttr.locked(i), v));
    put('netPaid', d?.netPaid);
    p?.bought.forEach((v, i) => put(positionAttr.bought(i), v));
    p?.cost.forEach((v, i) => put(positionAttr.cost(i), v));
    if (Object.keys(add).length === 0 && !ensure.has(userId)) continue;
    const set = { type: ITEM_TYPE.position, userId, marketId, gsi1pk: gsi.marketPositions(marketId), gsi1sk: userId };
    batch.add({ type: 'update', table: TABLE, key: keys.position(userId, marketId), update: Object.keys(add).length > 0 ? { set, add } : { set } });
  }
}

export function orderView(marketId: string, order: Order, createdAt: string): OrderView {
  return {
    id: order.id,
    marketId,
    outcome: order.outcome,
    side: order.side,
    type: order.type,
    status: order.status,
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    price: order.price,
    timeInForce: order.timeInForce,
    rejectReason: order.rejectReason,
    createdAt,
  };
}

/** The public form of a stored order item. */
export function orderItemToView(item: Item): OrderView {
  return {
    id: item.id as string,
    marketId: item.marketId as string,
    outcome: item.outcome as string,
    side: item.side as OrderView['side'],
    type: item.orderType as OrderView['type'],
    status: item.status as OrderView['status'],
    quantity: item.quantity as number,
    filledQuantity: item.filledQuantity as number,
    price: (item.price as number | null) ?? null,
    timeInForce: item.timeInForce as OrderView['timeInForce'],
    rejectReason: (item.rejectReason as string | null) ?? null,
    createdAt: item.createdAt as string,
  };
}

/** Orders are put whole: their latest form is known from the book (makers) or the engine (taker). */
export function putOrderOps(batch: WriteBatch, marketId: string, orders: readonly Order[], createdAt: ReadonlyMap<string, string>): void {
  for (const order of orders) {
    const at = createdAt.get(order.id) ?? '';
    const view = orderView(marketId, order, at);
    batch.add({
      type: 'put',
      table: TABLE,
      item: {
        ...keys.order(order.userId, at, order.id),
        ...(view as unknown as Record<string, AttributeValue>),
        // `type` names the item kind on every item; the order's own type is kept as orderType.
        type: ITEM_TYPE.order,
        orderType: view.type,
        userId: order.userId,
        sequence: order.sequence,
        maxCost: order.maxCost,
        gsi1pk: gsi.userMarketOrders(marketId, order.userId),
        gsi1sk: `${at}#${order.id}`,
      },
    });
  }
}

/** A trade as stored (one item per fill): the public view plus both orders, for audits. */
export interface TradeRecord {
  sequence: number;
  index: number;
  outcome: string;
  price: number;
  quantity: number;
  amount: number;
  fee: number;
  kind: 'transfer' | 'mint' | 'merge' | 'amm';
  takerOrderId: string;
  takerUserId: string;
  makerOrderId: string | null;
  makerUserId: string | null;
  at: string;
}

export function putTradeOps(batch: WriteBatch, marketId: string, trades: readonly TradeRecord[]): void {
  for (const t of trades) {
    batch.add({ type: 'put', table: TABLE, item: { ...keys.trade(marketId, t.sequence, t.index), type: ITEM_TYPE.trade, marketId, ...(t as unknown as Record<string, AttributeValue>) } });
  }
}

/**
 * The ledger: one journal item holding every entry of the command (the book of record, summed by
 * `ledgerTotals`) and one posting per user whose accounts the entries touch (what `ledger()`
 * reads), in the same atomic write as the state change they pay for.
 */
export function putLedgerOps(
  batch: WriteBatch,
  input: { commandId: string; marketId: string | null; at: string; entries: readonly StoredEntry[]; memo?: { note: string; actorId: string } },
): void {
  if (input.entries.length === 0) return;
  const { commandId, marketId, at, entries } = input;
  batch.add(
    {
      type: 'put',
      table: TABLE,
      item: { ...keys.journal(commandId, at), type: ITEM_TYPE.journal, shard: journalShard(commandId), commandId, marketId, at, entries: entries as unknown as AttributeValue[], ...(input.memo ?? {}) },
      condition: { kind: 'itemNotExists' },
    },
    'exists',
  );
  const rows = new Map<string, Record<string, AttributeValue>[]>();
  const post = (ref: string, entry: StoredEntry, amount: number) => {
    const parsed = parseAccountRef(ref);
    if (parsed === null || (parsed.account.kind !== 'available' && parsed.account.kind !== 'locked')) return;
    const list = rows.get(parsed.account.userId) ?? [];
    list.push({ id: entry.id, account: ref, amount, reason: entry.reason, marketId, at });
    rows.set(parsed.account.userId, list);
  };
  for (const entry of entries) {
    post(entry.debit, entry, entry.amount);
    post(entry.credit, entry, -entry.amount);
  }
  for (const [userId, list] of rows) {
    batch.add({
      type: 'put',
      table: TABLE,
      // Newest first inside a posting too, so the whole ledger reads newest first.
      item: { ...keys.posting(userId, at, commandId), type: ITEM_TYPE.posting, userId, commandId, at, rows: list.reverse(), ...(input.memo ?? {}) },
    });
  }
}
