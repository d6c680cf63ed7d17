import type { MarketState } from '../trading/index.js';
import type { Item } from '../store/port.js';
import { readMany, type ServiceContext } from './context.js';
import { buildEngineState, num, type KnownUser } from './engine-state.js';
import { MarketNotFoundError } from './errors.js';
import { gsi, keys, TABLE } from './keys.js';
import { fromStateItem, type MarketStateRecord } from './state-record.js';

/** Every unsettled position item of a market: the settlement index names them, a consistent batchGet reads them. */
export async function unsettledPositions(ctx: ServiceContext, marketId: string, limit?: number): Promise<Item[]> {
  const found: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await ctx.store.query(TABLE, { index: 'gsi1', partition: gsi.marketPositions(marketId), limit: Math.min(limit ?? 100, 100), ...(cursor ? { cursor } : {}) });
    const items = await readMany(ctx.store, page.items.map((i) => keys.position(i.userId as string, marketId)));
    found.push(...items.filter((i): i is Item => i !== undefined && i.settled !== true));
    cursor = page.cursor;
  } while (cursor !== undefined && (limit === undefined || found.length < limit));
  return found;
}

/** A market as one engine state, with every unsettled participant and their real cash. */
export interface MarketSnapshot {
  record: MarketStateRecord;
  state: MarketState;
}

/**
 * Reads a whole market back into one engine MarketState (STATE item, every unsettled position,
 * the participants' accounts), so audits and tests can run the engine's `checkInvariants` on
 * what is stored: locks equal to what resting orders need, escrow = 100 × pairs, YES = NO = pairs,
 * Σ net paid = escrow, AMM q = shares held… Not on any request path (it reads every position).
 */
export async function marketSnapshot(ctx: ServiceContext, marketId: string): Promise<MarketSnapshot> {
  const item = await ctx.store.get(TABLE, keys.marketState(marketId));
  if (!item) throw new MarketNotFoundError(marketId);
  const record = fromStateItem(item);
  const positions = await unsettledPositions(ctx, marketId);
  const known = new Map<string, KnownUser>();
  for (let i = 0; i < positions.length; i += 100) {
    const chunk = positions.slice(i, i + 100);
    const accounts = await readMany(ctx.store, chunk.map((p) => keys.account(p.userId as string)));
    chunk.forEach((p, j) => known.set(p.userId as string, { available: num(accounts[j]?.available), position: p }));
  }
  return { record, state: buildEngineState(record, known).state };
}
