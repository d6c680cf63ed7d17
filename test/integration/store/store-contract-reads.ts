import { describe, expect, it } from 'vitest';
import { InvalidStoreRequestError, StoreUnavailableError } from '../../../shared/store/errors.js';
import { MAX_BATCH_GET_KEYS } from '../../../shared/store/port.js';
import { failureOf, putAll, type ContractContext } from './store-contract-helpers.js';

export function describeReadContract(context: ContractContext): void {
  describe('batchGet', () => {
    it('returns the items that exist, in the order of the keys asked for', async () => {
      await putAll(context.store, [
        { pk: 'b', sk: '1', v: 'b1' },
        { pk: 'a', sk: '1', v: 'a1' },
        { pk: 'a', sk: '2', v: 'a2' },
      ]);

      const items = await context.store.batchGet('main', [
        { pk: 'a', sk: '2' },
        { pk: 'missing', sk: '1' },
        { pk: 'b', sk: '1' },
        { pk: 'a', sk: '1' },
      ]);

      expect(items.map((item) => item.v)).toEqual(['a2', 'b1', 'a1']);
    });

    it('answers a key asked twice at both positions', async () => {
      await putAll(context.store, [{ pk: 'a', sk: '1', v: 'a1' }, { pk: 'b', sk: '1', v: 'b1' }]);

      const items = await context.store.batchGet('main', [{ pk: 'a', sk: '1' }, { pk: 'b', sk: '1' }, { pk: 'a', sk: '1' }]);

      expect(items.map((item) => item.v)).toEqual(['a1', 'b1', 'a1']);
    });

    it(`reads ${MAX_BATCH_GET_KEYS} keys, rejects more, and answers no keys with nothing`, async () => {
      const keys = Array.from({ length: MAX_BATCH_GET_KEYS + 1 }, (_, n) => ({ pk: `k${n}`, sk: 's' }));
      await putAll(context.store, keys.map((key) => ({ ...key })));

      const full = await context.store.batchGet('main', keys.slice(0, MAX_BATCH_GET_KEYS));
      const error = await failureOf(context.store.batchGet('main', keys));

      expect(full.map((item) => item.pk)).toEqual(keys.slice(0, MAX_BATCH_GET_KEYS).map((key) => key.pk));
      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.batchGet('main', [])).toEqual([]);
    });

    it('reads from the table it is asked about', async () => {
      await putAll(context.store, [{ pk: 'a', sk: '1', t: 'breakers' }], 'breakers');

      expect(await context.store.batchGet('main', [{ pk: 'a', sk: '1' }])).toEqual([]);
      expect(await context.store.batchGet('breakers', [{ pk: 'a', sk: '1' }])).toEqual([{ pk: 'a', sk: '1', t: 'breakers' }]);
    });
  });

  describe('a closed store', () => {
    it('refuses every call with StoreUnavailableError', async () => {
      await context.store.close();

      const calls = [
        context.store.get('main', { pk: 'a', sk: '1' }),
        context.store.batchGet('main', [{ pk: 'a', sk: '1' }]),
        context.store.query('main', { partition: 'a' }),
        context.store.write([{ type: 'put', table: 'main', item: { pk: 'a', sk: '1' } }]),
      ];

      for (const call of calls) expect(await failureOf(call)).toBeInstanceOf(StoreUnavailableError);
    });
  });
}
