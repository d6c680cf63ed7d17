import { describe, expect, it } from 'vitest';
import { InvalidStoreRequestError } from '../../../shared/store/errors.js';
import type { UpdateSpec } from '../../../shared/store/port.js';
import { failureOf, type ContractContext } from './store-contract-helpers.js';

const KEY = { pk: 'account#1', sk: 'balance' };

export function describeUpdateContract(context: ContractContext): void {
  const update = (spec: UpdateSpec) => context.store.write([{ type: 'update', table: 'main', key: KEY, update: spec }]);

  describe('updates', () => {
    it('applies set, add and remove together', async () => {
      await context.store.write([
        { type: 'put', table: 'main', item: { ...KEY, balance: 100, status: 'open', note: 'drop me', keep: 1 } },
      ]);

      await update({ set: { status: 'frozen', tags: ['a'] }, add: { balance: -30 }, remove: ['note'] });

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, balance: 70, status: 'frozen', tags: ['a'], keep: 1 });
    });

    it('creates the item when it does not exist (upsert)', async () => {
      await update({ set: { status: 'new' } });

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, status: 'new' });
    });

    it('adds to an absent attribute as if it were 0', async () => {
      await update({ add: { balance: 25 } });
      await update({ add: { balance: -40, trades: 1 } });

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, balance: -15, trades: 1 });
    });

    it('overwrites nested values with set instead of merging them', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: { ...KEY, m: { a: 1, b: 2 } } }]);

      await update({ set: { m: { c: 3 } } });

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, m: { c: 3 } });
    });

    it('removing an attribute that does not exist is harmless', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: { ...KEY, a: 1 } }]);

      await update({ remove: ['never-there'] });

      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, a: 1 });
    });

    it('refuses to add to a value that is not a number and leaves the item unchanged', async () => {
      await context.store.write([{ type: 'put', table: 'main', item: { ...KEY, balance: 'ten' } }]);

      const error = await failureOf(update({ add: { balance: 1 } }));

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.get('main', KEY)).toEqual({ ...KEY, balance: 'ten' });
    });

    it.each<[string, UpdateSpec]>([
      ['changes a key attribute', { set: { sk: 'other' } }],
      ['names one attribute twice', { set: { a: 1 }, add: { a: 1 } }],
      ['has no action', {}],
      ['sets undefined', { set: { a: undefined as unknown as number } }],
      ['sets an index key to a number', { set: { gsi1pk: 3 } }],
      ['adds to an index key', { add: { gsi2sk: 1 } }],
      ['adds a non-finite number', { add: { a: Number.POSITIVE_INFINITY } }],
    ])('rejects an update that %s and writes nothing', async (_label, spec) => {
      const error = await failureOf(update(spec));

      expect(error).toBeInstanceOf(InvalidStoreRequestError);
      expect(await context.store.get('main', KEY)).toBeUndefined();
    });
  });
}
