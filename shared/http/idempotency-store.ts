import { ConditionFailedError } from '../store/errors.js';
import type { ItemStore } from '../store/port.js';

export interface StoredResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

export type IdempotencyRecord =
  | { state: 'in_progress'; requestHash: string; expiresAt: number }
  | { state: 'completed'; requestHash: string; expiresAt: number; response: StoredResponse };

const keyOf = (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}`, sk: key });

/** Idempotency records on the store port (single table), expiring through the table's TTL attribute. */
export class IdempotencyStore {
  constructor(
    private readonly store: ItemStore,
    private readonly now: () => number,
  ) {}

  /** Claims the key; returns the existing record instead when someone holds it (and it has not expired). */
  async claim(scope: string, key: string, requestHash: string, ttlSeconds: number): Promise<IdempotencyRecord | undefined> {
    const nowSeconds = Math.floor(this.now() / 1000);
    try {
      await this.store.write([
        {
          type: 'put',
          table: 'main',
          item: { ...keyOf(scope, key), type: 'idempotency', state: 'in_progress', requestHash, expiresAt: nowSeconds + ttlSeconds },
          // An expired record (TTL sweeps lazily) may be taken over.
          condition: { kind: 'or', conditions: [{ kind: 'itemNotExists' }, { kind: 'compare', name: 'expiresAt', op: '<', value: nowSeconds }] },
        },
      ]);
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionFailedError)) throw error;
      return this.get(scope, key);
    }
  }

  async get(scope: string, key: string): Promise<IdempotencyRecord | undefined> {
    const item = await this.store.get('main', keyOf(scope, key), { consistent: true });
    if (!item) return undefined;
    const base = { requestHash: item.requestHash as string, expiresAt: item.expiresAt as number };
    return item.state === 'completed'
      ? { state: 'completed', ...base, response: item.response as unknown as StoredResponse }
      : { state: 'in_progress', ...base };
  }

  async complete(scope: string, key: string, requestHash: string, response: StoredResponse, ttlSeconds: number): Promise<void> {
    await this.store.write([
      {
        type: 'put',
        table: 'main',
        item: {
          ...keyOf(scope, key),
          type: 'idempotency',
          state: 'completed',
          requestHash,
          response: response as unknown as Record<string, string>,
          expiresAt: Math.floor(this.now() / 1000) + ttlSeconds,
        },
      },
    ]);
  }

  /** Releases a claim whose request failed on our side, so the client's retry can act. */
  async release(scope: string, key: string): Promise<void> {
    await this.store.write([{ type: 'delete', table: 'main', key: keyOf(scope, key), condition: { kind: 'compare', name: 'state', op: '=', value: 'in_progress' } }]).catch((error: unknown) => {
      if (!(error instanceof ConditionFailedError)) throw error;
    });
  }
}
