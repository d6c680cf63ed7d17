import { ConditionFailedError } from '../store/errors.js';
import type { AttributeValue, Item, ItemKey, ItemStore } from '../store/port.js';
import { type BreakerState, BreakerStates } from './breaker-machine.js';
import type { BreakerStateStore, SharedBreakerRecord } from './shared-state.js';

const TABLE = 'breakers';
const STATES = new Set<string>(Object.values(BreakerStates));

export function breakerKey(name: string): ItemKey {
  return { pk: `breaker#${name}`, sk: 'state' };
}

/**
 * The breaker table through the store port. Give it the raw store, never the guarded one: the
 * `database` breaker must be able to open while the main table is failing.
 */
export class ItemStoreBreakerStateStore implements BreakerStateStore {
  readonly #store: ItemStore;

  constructor(store: ItemStore) {
    this.#store = store;
  }

  async read(name: string): Promise<SharedBreakerRecord | undefined> {
    // Consistent: a container that just lost a race must see the winner, not an older replica.
    const item = await this.#store.get(TABLE, breakerKey(name), { consistent: true });
    return item === undefined ? undefined : fromItem(item);
  }

  async write(name: string, next: SharedBreakerRecord): Promise<boolean> {
    const expected = next.version - 1;
    const condition =
      expected === 0 ? ({ kind: 'itemNotExists' } as const) : ({ kind: 'compare', name: 'version', op: '=', value: expected } as const);
    try {
      await this.#store.write([{ type: 'put', table: TABLE, item: toItem(name, next), condition }]);
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }
}

function toItem(name: string, record: SharedBreakerRecord): Item {
  const item: Item = { ...breakerKey(name), name, state: record.state, version: record.version, reason: record.reason, updatedAt: record.updatedAt, updatedBy: record.updatedBy, reopenCount: record.reopenCount };
  if (record.openedAt !== undefined) item.openedAt = record.openedAt;
  if (record.openUntil !== undefined) item.openUntil = record.openUntil;
  if (record.probe !== undefined) item.probe = { owner: record.probe.owner, expiresAt: record.probe.expiresAt };
  return item;
}

const num = (value: AttributeValue | undefined): number | undefined => (typeof value === 'number' ? value : undefined);

function fromItem(item: Item): SharedBreakerRecord {
  // An unknown state (a newer deployment's, or a hand edit) reads as CLOSED rather than breaking every call.
  const state = (STATES.has(String(item.state)) ? item.state : BreakerStates.closed) as BreakerState;
  const probe = item.probe as { owner?: AttributeValue; expiresAt?: AttributeValue } | undefined;
  const openedAt = num(item.openedAt);
  const openUntil = num(item.openUntil);
  return {
    state,
    version: num(item.version) ?? 0,
    reason: String(item.reason ?? ''),
    updatedAt: num(item.updatedAt) ?? 0,
    updatedBy: String(item.updatedBy ?? ''),
    reopenCount: num(item.reopenCount) ?? 0,
    ...(openedAt === undefined ? {} : { openedAt }),
    ...(openUntil === undefined ? {} : { openUntil }),
    ...(probe && typeof probe.owner === 'string' && typeof probe.expiresAt === 'number' ? { probe: { owner: probe.owner, expiresAt: probe.expiresAt } } : {}),
  };
}
